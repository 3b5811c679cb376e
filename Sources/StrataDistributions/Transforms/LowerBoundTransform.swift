// Lower-bounded values: y = L + exp(u), log J = u, with scalar or per-element bounds.
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `<lower=L>`: y = L + eᵘ, log J = u.
public struct LowerBoundTransform: ParameterTransform {
    /// Lower bound (scalar or one per element).
    public let lower: Expr

    /// Creates the transform.
    public init(lower: Expr) { self.lower = lower }

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        if lower.count != 1 && lower.count != u.count {
            graph.fail("lower bound has \(lower.count) elements, the variable has \(u.count)")
        }
        let out = graph.allocate(count: u.count + 1, isConstant: u.isConstant && lower.isConstant)
        graph.record(LowerBoundOp(u: u.slot, lower: lower.slot, output: out, sign: 1))
        return (Expr(graph, out.view(start: 0, count: u.count)), Expr(graph, out.view(start: u.count, count: 1)))
    }

    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let lb = try constantValues(of: lower, variable: variable)
        return try y.enumerated().map { i, v in
            let l = element(lb, i)
            guard v >= l else { throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value \(v) is below the lower bound \(l)") }
            return Glibc.log(v - l)
        }
    }
}

/// Fused op for one-sided bounds: y = bound + sign·eᵘ; output[n] accumulates Σ u (log-Jacobian).
struct LowerBoundOp: GraphOperation {
    let u: Slot, lower: Slot
    let output: Slot
    /// +1 for a lower bound, −1 for an upper bound.
    let sign: Double
    var inputs: [Slot] { [u, lower] }
    var tiling: Tiling { .elementwise(count: u.count) }

    func forward(_ arena: Arena, range: Range<Int>) throws {
        let x = arena.value(u), lb = arena.value(lower), y = arena.value(output)
        let sl = lower.stride
        var logJ = 0.0
        for i in range {
            y[i] = lb[i * sl] + sign * Glibc.exp(x[i])
            logJ += x[i]
        }
        y[u.count] += logJ
    }

    func backward(_ arena: Arena, range: Range<Int>) {
        let lb = arena.value(lower), y = arena.value(output), gy = arena.adjoint(output)
        let gJ = gy[u.count], sl = lower.stride
        if !u.isConstant {
            let gx = arena.adjoint(u)
            for i in range { gx[i] += gy[i] * (y[i] - lb[i * sl]) + gJ }
        }
        if !lower.isConstant {
            let gl = arena.adjoint(lower)
            for i in range { gl[i * sl] += gy[i] }
        }
    }
}
