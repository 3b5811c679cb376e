// Checks calls of Stan's higher-order built-ins (integrate_ode_*, algebra_solver*, map_rect, reduce_sum): the
// function argument's signature, the other arguments' types and which must be data. Strata cannot run them, so a
// well-formed call is then reported as an unsupported feature, and an ill-formed one with its real defect.

/// The fixed-arity form of a higher-order built-in (stanc3 `--dump-stan-math-signatures`).
struct HigherOrderSignature {
    /// Parameter types and return type the function argument must have.
    var function: (parameters: [StanType], returns: StanType)
    /// The arguments after the function: type, and whether it must be data-only.
    var arguments: [(type: StanType, dataOnly: Bool)]
    /// Optional trailing control arguments (tolerances, step limits), all or none.
    var controls: [(type: StanType, dataOnly: Bool)]

    static let table: [String: HigherOrderSignature] = {
        let realArray = StanType.array(.real), intArray = StanType.array(.int)
        let ode = HigherOrderSignature(
            function: ([.real, realArray, realArray, realArray, intArray], realArray),
            arguments: [(realArray, false), (.real, false), (realArray, false), (realArray, false), (realArray, true),
                        (intArray, true)],
            controls: [(.real, true), (.real, true), (.real, true)])
        let solver = HigherOrderSignature(
            function: ([.vector, .vector, realArray, intArray], .vector),
            arguments: [(.vector, false), (.vector, false), (realArray, true), (intArray, true)],
            controls: [(.real, true), (.real, true), (.real, true)])
        let mapRect = HigherOrderSignature(
            function: ([.vector, .vector, realArray, intArray], .vector),
            arguments: [(.vector, false), (.array(.vector), false), (.array(.real, 2), true), (.array(.int, 2), true)],
            controls: [])
        let integrate1d = HigherOrderSignature(
            function: ([.real, .real, realArray, realArray, intArray], .real),
            arguments: [(.real, false), (.real, false), (realArray, false), (realArray, true), (intArray, true)],
            controls: [(.real, true)])
        return ["integrate_1d": integrate1d, "integrate_ode": ode, "integrate_ode_rk45": ode, "integrate_ode_bdf": ode, "integrate_ode_adams": ode,
                "algebra_solver": solver, "algebra_solver_newton": solver, "map_rect": mapRect]
    }()
}

extension TypeChecker {
    /// Checks a call of a higher-order built-in; the arguments after the first are type-checked here.
    mutating func checkHigherOrderCall(_ name: String, _ args: [Expr], range: SourceRange) {
        guard name == "reduce_sum" || name == "reduce_sum_static" || HigherOrderSignature.table[name] != nil else { return }
        guard let first = args.first else {
            report(.wrongArgumentCount(function: name, expected: [3], found: 0, range))
            return
        }
        let rest = args.dropFirst().map { checkExpression($0) }
        guard let functionName = passedFunction(first, to: name), rest.allSatisfy({ $0.type != nil }) else { return }
        let types = rest.map { $0.type! }
        if name.hasPrefix("reduce_sum") {
            checkReduceSum(name, functionName, rest, types, range: range)
            return
        }
        let signature = HigherOrderSignature.table[name]!
        let expected = signature.arguments + signature.controls
        guard types.count == signature.arguments.count || types.count == expected.count else {
            report(.wrongArgumentCount(function: name, expected: [signature.arguments.count, expected.count].map { $0 + 1 },
                                       found: args.count, range))
            return
        }
        for (index, (arg, required)) in zip(rest, expected).enumerated() {
            if !arg.type!.isAssignable(to: required.type) {
                report(.typeMismatch(expected: required.type.description, found: arg.type!.description,
                                     context: "argument \(index + 2) of '\(name)'", arg.range))
            } else if required.dataOnly && !isDataOnly(arg) {
                report(.typeMismatch(expected: "data only (data, transformed data or 'data' arguments)",
                                     found: "a value that may depend on parameters",
                                     context: "argument \(index + 2) of '\(name)'", arg.range))
            }
        }
        let wanted = signature.function
        let fits = userFunctions[functionName]?.contains { def in
            def.parameters.map(\.type) == wanted.parameters && def.returnType == wanted.returns
        } ?? false
        if !fits {
            let list = wanted.parameters.map(\.description).joined(separator: ", ")
            report(.typeMismatch(expected: "a function (\(list)) => \(wanted.returns)", found: "'\(functionName)'",
                                 context: "first argument of '\(name)'", first.range))
        }
    }

    /// The user-defined function named by `expr`, or nil after reporting why it is not one.
    private mutating func passedFunction(_ expr: Expr, to name: String) -> String? {
        guard case .variable(let given) = expr.kind, symbols.lookup(given) == nil,
              case let functionName = VariadicHigherOrderSignature.userFunctionName(given),
              userFunctions[functionName] != nil else {
            report(.typeMismatch(expected: "the name of a user-defined function", found: "an expression",
                                 context: "first argument of '\(name)'", expr.range))
            return nil
        }
        if !checkPureFunctionArgument(functionName, of: name, expr.range) { return nil }
        checkPlacement(of: given, range: expr.range)
        return functionName
    }

    /// Higher-order functions take pure functions only (as in stanc3): reports and returns false for a function
    /// whose suffix lets it draw random numbers (`_rng`), add to the target (`_lp`) or the Jacobian (`_jacobian`).
    mutating func checkPureFunctionArgument(_ functionName: String, of name: String, _ range: SourceRange) -> Bool {
        guard let suffix = ["_rng", "_lp", "_jacobian"].first(where: { functionName.hasSuffix($0) }) else { return true }
        report(.typeMismatch(expected: "a pure function (not _rng, _lp or _jacobian)",
                             found: "the \(suffix) function '\(functionName)'",
                             context: "first argument of '\(name)'", range))
        return false
    }

    /// `reduce_sum(f, x, grainsize, s...)`: x an array, grainsize an int, and f taking
    /// `(typeof(x) slice, int start, int end, typeof(s)...)` and returning real.
    private mutating func checkReduceSum(_ name: String, _ functionName: String, _ rest: [Expr], _ types: [StanType],
                                         range: SourceRange) {
        guard types.count >= 2 else {
            report(.wrongArgumentCount(function: name, expected: [3], found: types.count + 1, range))
            return
        }
        guard types[0].arrayDims > 0 else {
            report(.typeMismatch(expected: "an array (the sliced argument)", found: types[0].description,
                                 context: "second argument of '\(name)'", rest[0].range))
            return
        }
        if [.complex, .complexVector, .complexRowVector, .complexMatrix].contains(types[0].base) {
            report(.typeMismatch(expected: "an array of int, real, vector, row_vector or matrix", found: types[0].description,
                                 context: "second argument of '\(name)'", rest[0].range))
            return
        }
        if types[1] != .int {
            report(.typeMismatch(expected: "int", found: types[1].description, context: "grainsize of '\(name)'",
                                 rest[1].range))
        }
        _ = checkVariadicFunctionArgument(functionName, userFunctions[functionName] ?? [], leading: [types[0], .int, .int],
                                          passed: Array(types.dropFirst(2)), returns: .real, of: name, range: range)
    }
}
