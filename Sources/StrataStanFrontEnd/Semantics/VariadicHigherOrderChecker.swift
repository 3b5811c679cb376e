// Type rules of the higher-order built-ins Strata runs (solvers, 1-D integrators, DAEs, adjoint ODEs, map_rect,
// reduce_sum): which user function they take, which arguments must be data, and the type they return.

/// A higher-order built-in `name(f, fixed..., variadic...)` whose variadic arguments are passed on to `f`.
struct VariadicHigherOrderSignature {
    /// The leading parameter types of `f`, before the variadic ones.
    var leading: [StanType]
    /// What `f` returns.
    var returns: StanType
    /// The arguments between `f` and the variadic ones: type, and whether it must be data.
    var fixed: [(type: StanType, dataOnly: Bool)]
    /// The type of the call.
    var result: StanType

    static let table: [String: VariadicHigherOrderSignature] = {
        let realArray = StanType.array(.real), control: [(type: StanType, dataOnly: Bool)] = [(.real, true), (.real, true), (.int, true)]
        let solver = VariadicHigherOrderSignature(leading: [.vector], returns: .vector, fixed: [(.vector, false)], result: .vector)
        let quadrature = VariadicHigherOrderSignature(leading: [.real, .real], returns: .real, fixed: [(.real, false), (.real, false)],
                                                      result: .real)
        let dae = VariadicHigherOrderSignature(leading: [.real, .vector, .vector], returns: .vector,
                                               fixed: [(.vector, false), (.vector, false), (.real, true), (realArray, true)],
                                               result: .array(.vector))
        var tol = solver, quadratureTol = quadrature, daeTol = dae
        tol.fixed += control; quadratureTol.fixed += control; daeTol.fixed += control
        let adjoint = VariadicHigherOrderSignature(
            leading: [.real, .vector], returns: .vector,
            fixed: [(.vector, false), (.real, false), (realArray, false), (.real, true), (.vector, true), (.real, true), (.vector, true),
                    (.real, true), (.real, true), (.int, true), (.int, true), (.int, true), (.int, true), (.int, true)],
            result: .array(.vector))
        return ["solve_newton": solver, "solve_powell": solver, "solve_newton_tol": tol, "solve_powell_tol": tol,
                "integrate_1d_double_exponential": quadrature, "integrate_1d_gauss_kronrod": quadrature,
                "integrate_1d_double_exponential_tol": quadratureTol, "integrate_1d_gauss_kronrod_tol": quadratureTol,
                "dae": dae, "dae_tol": daeTol, "ode_adjoint_tol_ctl": adjoint]
    }()

    /// The result types of the fixed-arity forms checked by `checkHigherOrderCall`.
    static let fixedResults: [String: StanType] = [
        "algebra_solver": .vector, "algebra_solver_newton": .vector, "map_rect": .vector, "integrate_1d": .real,
        "reduce_sum": .real, "reduce_sum_static": .real,
    ]

    /// Every higher-order built-in this checker types (and the lowering runs).
    static let supported: Set<String> = Set(table.keys).union(fixedResults.keys)

    /// `foo_lupdf` names the user function `foo_lpdf` when passed to a higher-order function.
    static func userFunctionName(_ name: String) -> String {
        for (from, to) in [("_lupdf", "_lpdf"), ("_lupmf", "_lpmf")] where name.hasSuffix(from) {
            return String(name.dropLast(from.count)) + to
        }
        return name
    }
}

extension TypeChecker {
    /// Checks a call of a supported higher-order built-in and gives it its result type.
    mutating func checkSupportedHigherOrderCall(_ name: String, _ args: [Expr], _ expr: Expr) -> Expr {
        var out = expr
        guard let signature = VariadicHigherOrderSignature.table[name] else {
            let before = diagnostics.count
            checkHigherOrderCall(name, args, range: expr.range)
            let after = diagnostics.count
            // checkHigherOrderCall checked the arguments already: the second pass only annotates their types.
            let checked = args.dropFirst().map { checkExpression($0) }
            diagnostics.removeSubrange(after...)
            out.kind = .call(name: name, arguments: Array(args.prefix(1)) + checked)
            if after == before { out.type = VariadicHigherOrderSignature.fixedResults[name] }
            return out
        }
        guard let first = args.first, case .variable(let given) = first.kind else {
            report(.typeMismatch(expected: "the name of a user-defined function", found: "an expression",
                                 context: "first argument of '\(name)'", args.first?.range ?? expr.range))
            return out
        }
        let functionName = VariadicHigherOrderSignature.userFunctionName(given)
        let checked = args.dropFirst().map { checkExpression($0) }
        out.kind = .call(name: name, arguments: [first] + checked)
        guard checked.allSatisfy({ $0.type != nil }) else { return out }
        guard symbols.lookup(given) == nil, let overloads = userFunctions[functionName] else {
            report(.typeMismatch(expected: "the name of a user-defined function", found: "'\(given)'",
                                 context: "first argument of '\(name)'", first.range))
            return out
        }
        guard checkPureFunctionArgument(functionName, of: name, first.range) else { return out }
        checkPlacement(of: given, range: first.range)
        guard checked.count >= signature.fixed.count else {
            report(.wrongArgumentCount(function: name, expected: [signature.fixed.count + 1], found: args.count, expr.range))
            return out
        }
        var fine = true
        for (index, (arg, required)) in zip(checked, signature.fixed).enumerated() {
            if !arg.type!.isAssignable(to: required.type) {
                report(.typeMismatch(expected: required.type.description, found: arg.type!.description,
                                     context: "argument \(index + 2) of '\(name)'", arg.range))
                fine = false
            } else if required.dataOnly && !isDataOnly(arg) {
                report(.typeMismatch(expected: "data only (data, transformed data or 'data' arguments)",
                                     found: "a value that may depend on parameters",
                                     context: "argument \(index + 2) of '\(name)'", arg.range))
                fine = false
            }
        }
        let passed = checked.dropFirst(signature.fixed.count).map { $0.type! }
        if !checkVariadicFunctionArgument(given, overloads, leading: signature.leading, passed: passed,
                                          returns: signature.returns, of: name, range: first.range) {
            fine = false
        }
        if fine { out.type = signature.result }
        return out
    }


    /// Checks that the user function named `given` has one best overload (fewest promotions, as for any call; ties
    /// are an error, as in stanc3) among those returning `returns` whose first parameters are exactly `leading`,
    /// when called with `leading` then `passed`. Reports and returns false otherwise.
    mutating func checkVariadicFunctionArgument(_ given: String, _ overloads: [FunctionDef], leading: [StanType],
                                                passed: [StanType], returns: StanType, of name: String,
                                                range: SourceRange) -> Bool {
        let wanted = leading + passed
        switch OverloadResolver.resolveFunctionArgument(overloads, leading: leading, passed: passed, returns: returns) {
        case .match:
            return true
        case .ambiguous(let defs):
            report(.ambiguousCall(function: given, arguments: wanted, candidates: defs.map { $0.parameters.map(\.type) }, range))
        case .noMatch:
            let list = wanted.map(\.description).joined(separator: ", ")
            report(.typeMismatch(expected: "a function (\(list)) => \(returns)", found: "'\(given)'",
                                 context: "first argument of '\(name)'", range))
        }
        return false
    }
}
