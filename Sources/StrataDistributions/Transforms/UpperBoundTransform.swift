// Upper-bounded values: y = U - exp(u), log J = u, with scalar or per-element bounds.
import StrataAutodiff
#if canImport(Glibc)
import Glibc
#endif

/// `<upper=U>`: y = U − eᵘ, log J = Σ u (Stan reference manual, "Upper bounded scalar").
///
/// The bound may be a scalar (broadcast) or one value per element, and may depend on parameters
/// (its adjoint then receives dy/dU = 1 per element).
public struct UpperBoundTransform: ParameterTransform {
    /// Upper bound (scalar or one per element).
    public let upper: Expr

    /// Creates the transform.
    /// - Parameter upper: the bound, a scalar or one value per element.
    public init(upper: Expr) { self.upper = upper }

    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }

    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        if upper.count != 1 && upper.count != u.count {
            graph.fail("upper bound has \(upper.count) elements, the variable has \(u.count)")
        }
        let out = graph.allocate(count: u.count + 1, isConstant: u.isConstant && upper.isConstant)
        // LowerBoundOp with sign −1 computes bound − eᵘ and accumulates Σ u.
        graph.record(LowerBoundOp(u: u.slot, lower: upper.slot, output: out, sign: -1))
        return (Expr(graph, out.view(start: 0, count: u.count)), Expr(graph, out.view(start: u.count, count: 1)))
    }

    /// u = log(U − y).
    /// - Throws: ``TransformError`` naming `variable[i]` when y[i] > U[i] (or is NaN).
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        let ub = try constantValues(of: upper, variable: variable)
        return try y.enumerated().map { i, v in
            let h = element(ub, i)
            guard v <= h else {
                throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value \(v) is above the upper bound \(h)")
            }
            return Glibc.log(h - v)
        }
    }
}
