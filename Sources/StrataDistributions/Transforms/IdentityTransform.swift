// The unconstrained case: the value is the parameter block itself, with zero log-Jacobian.
import StrataAutodiff

/// No constraint.
public struct IdentityTransform: ParameterTransform {
    /// Creates the identity transform.
    public init() {}
    public func unconstrainedCount(constrainedCount: Int) -> Int { constrainedCount }
    public func constrain(_ u: Expr, constrainedCount: Int, in graph: Graph) -> (value: Expr, logJacobian: Expr) {
        (u, graph.constant(0))
    }
    public func unconstrain(_ y: [Double], variable: String, in graph: Graph) throws -> [Double] {
        for (i, v) in y.enumerated() where v.isNaN {
            throw TransformError(variable: "\(variable)[\(i + 1)]", message: "value is NaN")
        }
        return y
    }
}
