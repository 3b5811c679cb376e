// Lowers Stan's ODE solvers (integrate_ode_* and ode_*): the right-hand side becomes its own graph, the solution one node.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    /// Stan's ODE solver functions, all with forward sensitivities: the explicit ones (rk45, ckrk) run the Dormand-Prince
    /// 5(4) integrator, the implicit ones (bdf, adams, and ode_adjoint_tol_ctl by its solver_forward) SUNDIALS CVODES.
    static let odeSolvers: Set<String> = ["integrate_ode", "integrate_ode_rk45", "integrate_ode_bdf", "integrate_ode_adams", "ode_rk45", "ode_rk45_tol",
                                          "ode_bdf", "ode_bdf_tol", "ode_adams", "ode_adams_tol", "ode_ckrk", "ode_ckrk_tol", "ode_adjoint_tol_ctl"]

    /// `integrate_ode_rk45(f, y0, t0, ts, theta, x_r, x_i[, rtol, atol, max_steps])` (array[T, N] real) or
    /// `ode_rk45(f, y0, t0, ts, ...)` / `ode_rk45_tol(f, y0, t0, ts, rtol, atol, max_steps, ...)` (array[T] vector[N]).
    func odeCall(_ name: String, _ argExprs: [SExpr], type: StanType, _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count >= 4, case .variable = argExprs[0].kind else {
            throw LoweringError.invalid("\(name) needs a user-defined function as its first argument", range)
        }
        let old = name.hasPrefix("integrate_")
        let def = try functionOverload(argExprs, of: name, range)
        let y0 = try lower(argExprs[1]), t0Value = try lower(argExprs[2]), ts = try lower(argExprs[3])
        guard t0Value.count == 1, ts.count >= 1 else {
            throw LoweringError.invalid("\(name): needs one initial time and at least one output time", range)
        }
        // Data times are checked once here; parameter-dependent ones at every evaluation (see OdeSolveOp).
        let variableTimes = t0Value.isConstant && ts.isConstant ? nil : graph.concat([t0Value.expr, ts.expr])
        let t0 = t0Value.constantValues?.first ?? 0
        let times = ts.constantValues ?? (1...ts.count).map(Double.init)
        guard variableTimes != nil || (times.allSatisfy({ $0 > t0 }) && zip(times, times.dropFirst()).allSatisfy({ $0 < $1 })) else {
            throw LoweringError.invalid("\(name): output times must be increasing and after the initial time \(t0)", range)
        }
        var rest = try argExprs.dropFirst(4).map(lower)
        var solver = DormandPrince45(name: name)
        // The implicit solvers' method for CVODES (nil: explicit only).
        var method: CvodesIntegrator.Method? = name.contains("_bdf") ? .bdf : name.contains("_adams") ? .adams : nil
        let tolerances: [Value]
        if old {
            guard rest.count == 3 || rest.count == 6 else { throw LoweringError.invalid("\(name) takes 7 or 10 arguments", range) }
            tolerances = Array(rest.dropFirst(3))
            rest = Array(rest.prefix(3))
            // Stan's defaults for integrate_ode_bdf/_adams without tolerances (the rk45 form keeps 1e-6, 1e-6, 1e6).
            if tolerances.isEmpty && method != nil {
                solver.relativeTolerance = 1e-10; solver.absoluteTolerance = 1e-10; solver.maxSteps = 100_000_000
            }
        } else if name == "ode_adjoint_tol_ctl" {
            // Computed with forward sensitivities (the same solution and gradient up to the tolerances): the forward
            // tolerances, max_num_steps and solver_forward (1 Adams, 2 BDF) are used, the backward/quadrature ones and
            // checkpointing only checked.
            guard rest.count >= 11 else { throw LoweringError.invalid("\(name) needs its 11 control arguments", range) }
            let controls = Array(rest.prefix(11))
            tolerances = try adjointControls(name, controls, range)
            method = controls[9].constantValues?.first == 1 ? .adams : .bdf
            rest = Array(rest.dropFirst(11))
        } else if name.hasSuffix("_tol") {
            guard rest.count >= 3 else { throw LoweringError.invalid("\(name) needs rtol, atol and max_num_steps", range) }
            tolerances = Array(rest.prefix(3))
            rest = Array(rest.dropFirst(3))
        } else {
            tolerances = []
        }
        if tolerances.count == 3 {
            guard let r = tolerances[0].constantValues?.first, let a = tolerances[1].constantValues?.first,
                  let m = tolerances[2].constantValues?.first, r > 0, a > 0, m >= 1 else {
                throw LoweringError.invalid("\(name): tolerances must be positive data and max_num_steps at least 1", range)
            }
            solver.relativeTolerance = r; solver.absoluteTolerance = a; solver.maxSteps = Int(m)
        }
        let n = y0.count
        let stateType: StanType = old ? .array(.real) : .vector
        let (system, theta) = try odeSystem(def, states: n, stateType: stateType, extras: rest, range)
        // The implicit solvers run CVODES with the same tolerances and step limit once the explicit start shows stiffness.
        let implicit = method.map {
            CvodesIntegrator(method: $0, relativeTolerance: solver.relativeTolerance, absoluteTolerance: solver.absoluteTolerance,
                             maxSteps: solver.maxSteps, name: solver.name)
        }
        let solution = graph.odeSolve(system: system, initial: y0.expr, theta: theta, t0: t0, times: times,
                                      variableTimes: variableTimes, solver: solver, implicitSolver: implicit)
        return Value(expr: solution, type: type, dims: [times.count, n])
    }

    /// Records f(t, y, extras...) in a graph of its own; the parameter-dependent extras become θ (returned, packed).
    private func odeSystem(_ def: FunctionDef, states n: Int, stateType: StanType, extras: [Value],
                           _ range: SourceRange) throws -> (OdeSystem, GExpr) {
        let sub = functionRecorder()
        let varying = extras.filter { !$0.isConstant }
        let p = varying.reduce(0) { $0 + $1.count }
        let g = sub.graph
        let x = g.parameterInput(count: 1 + n + p)
        var offset = 1 + n
        var args = [Value(expr: x[0], type: .real, dims: []), Value(expr: x[1..<(1 + n)], type: stateType, dims: [n])]
        args += recordedExtras(extras, input: x, offset: &offset)
        guard let f = try sub.inline(def, args, range) else {
            throw LoweringError.invalid("ODE right-hand side '\(def.name)' returns no value", range)
        }
        guard f.count == n else {
            throw LoweringError.invalid("ODE right-hand side '\(def.name)' returns \(f.count) derivatives for \(n) states", range)
        }
        do { try g.validate() } catch { throw LoweringError.invalid("in ODE right-hand side '\(def.name)': \(error)", range) }
        let weights = g.latent(count: n, initial: 0)
        let target = g.dot(weights, f.expr)
        let system = OdeSystem(graph: g, derivative: f.expr.slot, weights: weights.slot, target: target.slot, states: n, parameters: p)
        let theta = varying.isEmpty ? graph.constant([Double]()) : varying.count == 1 ? varying[0].expr : graph.concat(varying.map(\.expr))
        return (system, theta)
    }
}
