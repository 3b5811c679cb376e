// Lowers Stan's DAE solvers dae and dae_tol: the residual becomes its own graph, the solution one IDAS node.
import StrataAutodiff
import StrataStanFrontEnd

extension Lowerer {
    static let daeSolvers: Set<String> = ["dae", "dae_tol"]

    /// `dae(F, yy0, yp0, t0, ts, ...)` / `dae_tol(F, yy0, yp0, t0, ts, rtol, atol, max_num_steps, ...)` with
    /// F(t, y, y', ...) returning the residual vector; array[T] vector[N]. Stan's defaults: 1e-10, 1e-10, 1e8 steps.
    func daeCall(_ name: String, _ argExprs: [SExpr], _ range: SourceRange) throws -> Value {
        if lanes != nil { throw VectorizationFallback() }
        guard argExprs.count >= 5 else { throw LoweringError.invalid("\(name) needs F, yy0, yp0, t0 and ts", range) }
        let def = try functionOverload(argExprs, of: name, range)
        let y0 = try lower(argExprs[1]), yp0 = try lower(argExprs[2])
        guard let t0 = try lower(argExprs[3]).constantValues?.first, let times = try lower(argExprs[4]).constantValues else {
            throw LoweringError.invalid("\(name): the initial and output times must be data", range)
        }
        guard y0.count == yp0.count else {
            throw LoweringError.invalid("\(name): the initial state has \(y0.count) values but its derivative \(yp0.count)", range)
        }
        var rest = try argExprs.dropFirst(5).map(lower)
        var integrator = IdasIntegrator(name: "\(name) at \(fileName):\(range)")
        if name == "dae_tol" {
            guard rest.count >= 3, let r = rest[0].constantValues?.first, let a = rest[1].constantValues?.first,
                  let m = rest[2].constantValues?.first else {
                throw LoweringError.invalid("\(name) needs rtol, atol and max_num_steps (data)", range)
            }
            guard r > 0, a > 0, m >= 1, r.isFinite, a.isFinite else {
                throw LoweringError.invalid("\(name): tolerances must be positive and finite and max_num_steps at least 1 "
                                            + "(\(r), \(a), \(Int(m)))", range)
            }
            integrator.relativeTolerance = r; integrator.absoluteTolerance = a; integrator.maxSteps = Int(m)
            rest = Array(rest.dropFirst(3))
        }
        let n = y0.count
        let leading: [(type: StanType, dims: [Int])] = [(.real, []), (.vector, [n]), (.vector, [n])]
        let (residual, theta) = try recordFunction(def, leading: leading, extras: rest, caller: name, range)
        guard residual.outputs == n else {
            throw LoweringError.invalid("\(name): '\(def.name)' returns \(residual.outputs) residuals for \(n) states", range)
        }
        let solution = graph.daeSolve(residual: residual, initial: y0.expr, slope: yp0.expr, theta: theta, t0: t0, times: times,
                                      integrator: integrator)
        return Value(expr: solution, type: .array(.vector), dims: [times.count, n])
    }
}
