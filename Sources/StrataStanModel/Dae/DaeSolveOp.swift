// A DAE solution as one graph node: the states at the output times, with IDAS' forward sensitivities for the reverse sweep.
import StrataAutodiff
import StrataCore

/// y(t_1), …, y(t_T) of F(t, y, y', θ) = 0 from (y0, y'0) at t0, laid out [t][n]; the output slot also stores the
/// sensitivities ∂y(t)/∂(y0, y'0, θ) after the states ([t][i][column]), which the reverse sweep contracts with the
/// states' adjoints. The columns are y0's when it depends on parameters, then y'0's, then θ's.
struct DaeSolveOp: GraphOperation {
    let initial: Slot, slope: Slot, theta: Slot
    let output: Slot
    let residual: RecordedFunction
    let t0: Double
    let times: [Double]
    let integrator: IdasIntegrator
    var inputs: [Slot] { [initial, slope, theta] }
    var tiling: Tiling { .whole }

    var n: Int { initial.count }
    var columns: IdasIntegrator.Columns { Self.columns(initial: initial, slope: slope, theta: theta, residual) }

    static func columns(initial: Slot, slope: Slot, theta: Slot, _ residual: RecordedFunction) -> IdasIntegrator.Columns {
        .init(initial: !initial.isConstant, slope: !slope.isConstant, parameters: theta.isConstant ? 0 : residual.parameters)
    }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        func read(_ s: Slot, _ count: Int) -> [Double] { Array(UnsafeBufferPointer(start: arena.value(s), count: count)) }
        let n = self.n, T = times.count
        let (states, sensitivities) = try integrator.solve(residual, theta: read(theta, residual.parameters), y0: read(initial, n),
                                                           yp0: read(slope, n), columns: columns, t0: t0, times: times)
        let out = arena.value(output)
        for j in 0..<(T * n) { out[j] = states[j] }
        for j in 0..<sensitivities.count { out[T * n + j] = sensitivities[j] }
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let n = self.n, columns = self.columns, k = columns.count(n), T = times.count
        if k == 0 { return }
        let out = arena.value(output), g = arena.adjoint(output)
        // Each column's adjoint target and the index within it.
        var targets: [(UnsafeMutablePointer<Double>, Int)] = []
        if columns.initial { let a = arena.adjoint(initial); targets += (0..<n).map { (a, $0) } }
        if columns.slope { let a = arena.adjoint(slope); targets += (0..<n).map { (a, $0) } }
        if columns.parameters > 0 { let a = arena.adjoint(theta); targets += (0..<columns.parameters).map { (a, $0) } }
        for ti in 0..<T {
            for i in 0..<n {
                let a = g[ti * n + i]
                if a == 0 { continue }
                let row = out + T * n + ti * n * k + i * k
                for c in 0..<k { targets[c].0[targets[c].1] += a * row[c] }
            }
        }
    }
}

extension Graph {
    /// The DAE solution at each of `times` ([t][n]) of `residual` (leading inputs t, y, y') from (`initial`, `slope`)
    /// at `t0`, with the parameter-dependent extra arguments `theta`.
    func daeSolve(residual: RecordedFunction, initial: Expr, slope: Expr, theta: Expr, t0: Double, times: [Double],
                  integrator: IdasIntegrator) -> Expr {
        let n = initial.count, T = times.count
        let k = DaeSolveOp.columns(initial: initial.slot, slope: slope.slot, theta: theta.slot, residual).count(n)
        let out = allocate(count: T * n * (1 + k), isConstant: k == 0)
        return record(DaeSolveOp(initial: initial.slot, slope: slope.slot, theta: theta.slot, output: out, residual: residual,
                                 t0: t0, times: times, integrator: integrator))[0..<(T * n)]
    }
}
