// The constraints a parameter can be declared with, mapped to their transforms.
import StrataAutodiff
import StrataDistributions

/// A parameter's support, as in a Stan declaration.
public enum Constraint {
    /// Unconstrained real values.
    case unconstrained
    /// `<lower=L>`.
    case lower(Bound)
    /// `<lower=L, upper=U>`.
    case bounds(Bound, Bound)

    /// The transform implementing this constraint in `graph`.
    public func transform(in graph: Graph) -> any ParameterTransform {
        switch self {
        case .unconstrained: return IdentityTransform()
        case let .lower(l): return LowerBoundTransform(lower: l.expression(in: graph))
        case let .bounds(l, u):
            return LowerUpperBoundTransform(lower: l.expression(in: graph), upper: u.expression(in: graph))
        }
    }
}
