// Type rules of Stan's ODE solvers, whose first argument names a user-defined function.

extension TypeChecker {
    /// The ODE solver functions Strata runs.
    static let odeSolverNames: Set<String> = ["integrate_ode", "integrate_ode_rk45", "integrate_ode_bdf", "integrate_ode_adams", "ode_rk45", "ode_rk45_tol",
                                              "ode_bdf", "ode_bdf_tol", "ode_adams", "ode_adams_tol", "ode_ckrk", "ode_ckrk_tol"]

    /// Checks `name(f, y0, t0, ts, ...)`: f must name a user-defined function; the result is `array[,] real` for the
    /// `integrate_ode_*` forms and `array[] vector` for the `ode_*` forms. Argument shapes are checked when lowered.
    mutating func checkOdeCall(_ name: String, _ args: [Expr], _ expr: Expr) -> Expr {
        var out = expr
        guard args.count >= 4, let first = args.first, case .variable(let fname) = first.kind, userFunctions[fname] != nil else {
            report(.misplacedStatement("\(name) takes a user-defined function, the initial state, the initial time and "
                                       + "the output times, then the function's other arguments", expr.range))
            return out
        }
        guard checkPureFunctionArgument(fname, of: name, first.range) else { return out }
        // The integrate_ode_* forms also get the full signature check (function argument, data-only x_r, x_i).
        let before = diagnostics.count
        if HigherOrderSignature.table[name] != nil { checkHigherOrderCall(name, args, range: expr.range) }
        let reported = diagnostics.count
        let checked = args.dropFirst().map { checkExpression($0) }
        if reported > before { diagnostics.removeSubrange(reported...) }
        out.kind = .call(name: name, arguments: [first] + checked)
        // The variadic forms: f(t, y, ...) => vector takes the arguments after the output times (and tolerances).
        let fixed = HigherOrderOverload.odeFixedArgumentCount(name)
        if !name.hasPrefix("integrate_"), reported == before, checked.count >= fixed,
           checked.allSatisfy({ $0.type != nil }), let overloads = userFunctions[fname],
           !checkVariadicFunctionArgument(fname, overloads, leading: [.real, .vector],
                                          passed: checked.dropFirst(fixed).map { $0.type! }, returns: .vector,
                                          of: name, range: first.range) {
            return out
        }
        if checked.allSatisfy({ $0.type != nil }) {
            out.type = name.hasPrefix("integrate_") ? .array(.real, 2) : .array(.vector)
        }
        return out
    }
}
