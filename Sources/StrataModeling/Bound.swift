// A constraint bound given as a number, a per-element list, or a graph expression.
import StrataAutodiff

/// A bound in a parameter declaration: `.lower(0)`, `.bounds(0, .values(maxima))`, `.lower(.expr(mu))`.
public enum Bound: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// One number for every element.
    case value(Double)
    /// One number per element.
    case values([Double])
    /// Any expression of the model (data or parameters).
    case expr(Expr)

    public init(floatLiteral value: Double) { self = .value(value) }
    public init(integerLiteral value: Int) { self = .value(Double(value)) }

    /// The bound as an expression of `graph`.
    public func expression(in graph: Graph) -> Expr {
        switch self {
        case let .value(v): return graph.constant(v)
        case let .values(v): return graph.constant(v)
        case let .expr(e): return e
        }
    }
}
