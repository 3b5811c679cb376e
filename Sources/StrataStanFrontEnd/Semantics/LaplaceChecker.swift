// Type rules of Stan's embedded Laplace functions (laplace_marginal*, the built-in likelihood forms, laplace_latent_*).

/// What one argument of a Laplace function must be.
enum LaplaceArgument {
    /// The user log likelihood (vector theta, ...) => real; its other arguments are the next tuple.
    case likelihood
    /// The user covariance function (...) => matrix; its arguments are the next tuple.
    case covariance
    /// A tuple passed on, component by component, to the function before it.
    case arguments
    /// A value of this type.
    case value(StanType)
    /// The negative binomial dispersion: real or vector.
    case dispersion
    /// `(theta_0, tolerance, max_num_steps, solver, max_steps_line_search, allow_fallthrough)`.
    case options
}

/// The argument list and result of one Laplace function, by name.
struct LaplaceSignature {
    var arguments: [LaplaceArgument]
    var result: StanType

    static let families = ["poisson_log", "neg_binomial_2_log", "bernoulli_logit"]
    static let optionsType = StanType(.tuple([.vector, .real, .int, .int, .int, .int]))

    /// The signature of `name` (for a density, the variate counts as the first argument), nil for other names.
    static func of(_ name: String) -> LaplaceSignature? {
        let user: [LaplaceArgument] = [.likelihood, .arguments, .value(.int), .covariance, .arguments]
        switch name {
        case "laplace_marginal": return LaplaceSignature(arguments: user, result: .real)
        case "laplace_marginal_tol": return LaplaceSignature(arguments: user + [.options], result: .real)
        case "laplace_latent_rng": return LaplaceSignature(arguments: user, result: .vector)
        case "laplace_latent_tol_rng": return LaplaceSignature(arguments: user + [.options], result: .vector)
        case "laplace_latent_solve": return LaplaceSignature(arguments: user, result: StanType(.tuple([.vector, .matrix])))
        case "laplace_latent_solve_tol":
            return LaplaceSignature(arguments: user + [.options], result: StanType(.tuple([.vector, .matrix])))
        default: break
        }
        var rest: Substring, result: StanType
        if name.hasPrefix("laplace_marginal_") {
            rest = name.dropFirst("laplace_marginal_".count); result = .real
            for suffix in ["_lpmf", "_lupmf"] where rest.hasSuffix(suffix) { rest = rest.dropLast(suffix.count) }
        } else if name.hasPrefix("laplace_latent_") && name.hasSuffix("_rng") {
            rest = name.dropFirst("laplace_latent_".count).dropLast(4); result = .vector
        } else {
            return nil
        }
        let tol = rest.hasPrefix("tol_")
        if tol { rest = rest.dropFirst(4) }
        guard families.contains(String(rest)) else { return nil }
        var arguments: [LaplaceArgument] = [.value(.array(.int)), .value(.array(.int))]
        if rest == "neg_binomial_2_log" { arguments.append(.dispersion) }
        arguments += [.value(.vector), .value(.int), .covariance, .arguments]
        if tol { arguments.append(.options) }
        return LaplaceSignature(arguments: arguments, result: result)
    }

    /// The `~` family names of the built-in forms (`laplace_marginal_poisson_log`, `laplace_marginal_tol_...`).
    static func isFamily(_ name: String) -> Bool {
        name.hasPrefix("laplace_marginal_") && !name.hasSuffix("_lpmf") && !name.hasSuffix("_lupmf") && of(name) != nil
    }
}

extension TypeChecker {
    static func isFunctionPosition(_ signature: LaplaceSignature, _ i: Int) -> Bool {
        switch signature.arguments[i] {
        case .likelihood, .covariance: return true
        default: return false
        }
    }

    /// Checks the arguments of a Laplace function (`args` starts with the variate for a density) and returns them
    /// checked (function names left as they are) with whether they fit.
    mutating func checkLaplaceArguments(_ name: String, _ signature: LaplaceSignature, _ args: [Expr], range: SourceRange)
        -> (args: [Expr], fine: Bool) {
        guard args.count == signature.arguments.count else {
            report(.wrongArgumentCount(function: name, expected: [signature.arguments.count], found: args.count, range))
            return (args, false)
        }
        var checked = args, fine = true
        var pending: (name: String, returns: BaseType, leading: [StanType])?
        for (i, (arg, kind)) in zip(args, signature.arguments).enumerated() {
            let context = "argument \(i + 1) of '\(name)'"
            switch kind {
            case .likelihood, .covariance:
                guard case .variable(let given) = arg.kind, symbols.lookup(given) == nil,
                      case let functionName = VariadicHigherOrderSignature.userFunctionName(given),
                      userFunctions[functionName] != nil else {
                    report(.typeMismatch(expected: "the name of a user-defined function", found: "an expression", context: context, arg.range))
                    fine = false; continue
                }
                if !checkPureFunctionArgument(functionName, of: name, arg.range) { fine = false }
                if case .likelihood = kind { pending = (functionName, .real, [.vector]) } else { pending = (functionName, .matrix, []) }
            case .arguments:
                let c = checkExpression(arg)
                checked[i] = c
                guard let t = c.type, case .tuple(let components) = t.base, t.arrayDims == 0 else {
                    if c.type != nil {
                        report(.typeMismatch(expected: "a tuple of the function's arguments", found: c.type!.description, context: context, arg.range))
                    }
                    fine = false; continue
                }
                guard let (functionName, returns, leading) = pending, let overloads = userFunctions[functionName] else { continue }
                let wantedTypes = leading + components
                let list = wantedTypes.map(\.description).joined(separator: ", ")
                switch OverloadResolver.resolve(overloads.filter { $0.returnType == StanType(returns) }, wantedTypes) {
                case .match(let def) where def.parameters.prefix(leading.count).map(\.type) != leading:
                    report(.typeMismatch(expected: "a likelihood whose first argument is a vector", found: "'\(functionName)' taking "
                                         + (def.parameters.first.map(\.type.description) ?? "nothing"),
                                         context: "function argument of '\(name)'", args[i - 1].range))
                    fine = false
                case .match(let def):
                    fine = checkLaplaceForwarding(def, leading: leading.count, c, name: name, functionRange: args[i - 1].range) && fine
                    if leading.count == 1, let bad = autodiffIncompatibleCall(in: functionName) {
                        report(.typeMismatch(expected: "a likelihood function Laplace can differentiate twice",
                                             found: "'\(functionName)' calling '\(bad)', which has no higher-order derivatives",
                                             context: "function argument of '\(name)'", args[i - 1].range))
                        fine = false
                    }
                case .ambiguous:
                    report(.typeMismatch(expected: "one best overload of '\(functionName)' for (\(list))", found: "several equally good ones",
                                         context: "function argument of '\(name)'", args[i - 1].range))
                    fine = false
                case .noMatch:
                    report(.typeMismatch(expected: "a function (\(list)) => \(StanType(returns).description)", found: "'\(functionName)'",
                                         context: "function argument of '\(name)'", args[i - 1].range))
                    fine = false
                }
            case .value(let wanted):
                checked[i] = checkExpression(arg)
                if let t = checked[i].type, !t.isAssignable(to: wanted) {
                    report(.typeMismatch(expected: wanted.description, found: t.description, context: context, arg.range))
                    fine = false
                } else if checked[i].type == nil {
                    fine = false
                } else if wanted == .int && !isDataOnly(checked[i]) {
                    report(.typeMismatch(expected: "a data-only int (the Hessian block size)", found: "a value that may depend on parameters",
                                         context: context, arg.range))
                    fine = false
                }
            case .dispersion:
                checked[i] = checkExpression(arg)
                if let t = checked[i].type, !t.isAssignable(to: .real) && !t.isAssignable(to: .vector) {
                    report(.typeMismatch(expected: "real or vector", found: t.description, context: context, arg.range))
                    fine = false
                } else if checked[i].type == nil { fine = false }
            case .options:
                checked[i] = checkExpression(arg)
                if let t = checked[i].type, !t.isAssignable(to: LaplaceSignature.optionsType) {
                    report(.typeMismatch(expected: LaplaceSignature.optionsType.description, found: t.description, context: context, arg.range))
                    fine = false
                } else if checked[i].type == nil {
                    fine = false
                } else {
                    // theta_0 may depend on parameters (it is only a starting point); the controls may not.
                    let controls: [Expr] = {
                        switch checked[i].kind {
                        case .tuple(let items): return Array(items.dropFirst())
                        case .call("generate_laplace_options", _): return []
                        default: return [checked[i]]
                        }
                    }()
                    if let bad = controls.first(where: { !isDataOnly($0) }) {
                        report(.typeMismatch(expected: "data-only control parameters (tolerance, max_num_steps, solver, "
                                             + "max_steps_line_search, allow_fallthrough)", found: "a value that may depend on parameters",
                                             context: context, bad.range))
                        fine = false
                    }
                }
            }
        }
        return (checked, fine)
    }

    /// The forwarded tuple `arguments` against the `data` markings of `def`'s parameters after the `leading` ones (and the
    /// likelihood's latent argument, which must not be data-only).
    private mutating func checkLaplaceForwarding(_ def: FunctionDef, leading: Int, _ arguments: Expr, name: String,
                                                 functionRange: SourceRange) -> Bool {
        if leading == 1, def.parameters.first?.isDataOnly == true {
            report(.typeMismatch(expected: "a likelihood whose first argument (the latent vector) is not marked data",
                                 found: "'\(def.name)'", context: "function argument of '\(name)'", functionRange))
            return false
        }
        let items: [Expr] = { if case .tuple(let items) = arguments.kind { return items } else { return [arguments] } }()
        guard items.count == def.parameters.count - leading else { return isDataOnly(arguments) || !def.parameters.contains(where: \.isDataOnly) }
        for (item, parameter) in zip(items, def.parameters.dropFirst(leading)) where parameter.isDataOnly && !isDataOnly(item) {
            report(.typeMismatch(expected: "data only ('\(parameter.name)' of '\(def.name)' is marked data)",
                                 found: "a value that may depend on parameters", context: "argument forwarded by '\(name)'", item.range))
            return false
        }
        return true
    }

    /// A function without higher-order derivatives in Stan (solvers, integrators, ODEs, reduce_sum, map_rect, Laplace
    /// itself) that `functionName` calls, directly or through other user functions.
    private func autodiffIncompatibleCall(in functionName: String) -> String? {
        var visited: Set<String> = []
        func search(_ name: String) -> String? {
            guard visited.insert(name).inserted, let defs = userFunctions[name] else { return nil }
            for def in defs {
                guard let body = def.body else { continue }
                var pending = [body], found: String?
                while let stmt = pending.popLast(), found == nil {
                    pending += stmt.childStatements
                    var names: [String] = []
                    if case .call(let callee, _) = stmt.kind { names.append(callee) }
                    for e in stmt.expressions {
                        e.forEachNode { node in
                            if case .call(let callee, _) = node.kind { names.append(callee) }
                            if case .conditionalCall(let callee, _, _) = node.kind { names.append(callee) }
                        }
                    }
                    for callee in names {
                        if VariadicHigherOrderSignature.supported.contains(callee) || Self.odeSolverNames.contains(callee)
                            || callee.hasPrefix("dae") || LaplaceSignature.of(callee) != nil {
                            found = callee; break
                        }
                        if let inner = search(callee) { found = inner; break }
                    }
                }
                if let found { return found }
            }
            return nil
        }
        return search(functionName)
    }

    /// A Laplace function called as `name(args)` or `name(variate | args)`.
    mutating func checkLaplaceCall(_ name: String, _ signature: LaplaceSignature, variate: Expr?, _ args: [Expr], _ expr: Expr) -> Expr {
        var out = expr
        checkPlacement(of: name, range: expr.range)
        let all = (variate.map { [$0] } ?? []) + args
        let result = checkLaplaceArguments(name, signature, all, range: expr.range)
        let checked = result.args
        var fine = result.fine
        if fine, name.hasPrefix("laplace_latent_solve"), block != .generatedQuantities,
           let bad = checked.enumerated().first(where: { i, e in e.type != nil && !isDataOnly(e) && !Self.isFunctionPosition(signature, i) }) {
            report(.typeMismatch(expected: "data-only arguments ('\(name)' outside generated quantities)",
                                 found: "a value that may depend on parameters", context: "argument \(bad.offset + 1) of '\(name)'",
                                 bad.element.range))
            fine = false
        }
        if let variate {
            _ = variate
            out.kind = .conditionalCall(name: name, variate: checked[0], arguments: Array(checked.dropFirst()))
        } else {
            out.kind = .call(name: name, arguments: checked)
        }
        if fine { out.type = signature.result }
        return out
    }
}
