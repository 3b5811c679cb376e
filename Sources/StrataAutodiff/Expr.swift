// A handle to a node of the graph under construction, with views for elements and slices.

/// A value in the computation graph: a scalar (count 1) or a vector.
///
/// Arithmetic on `Expr` records operations in its ``Graph``; nothing is computed per gradient
/// until a ``GraphEvaluator`` replays the graph.
public struct Expr {
    /// The graph this expression belongs to.
    public unowned let graph: Graph
    /// Where its values live.
    public let slot: Slot

    /// Wraps a slot of `graph`.
    public init(_ graph: Graph, _ slot: Slot) { self.graph = graph; self.slot = slot }

    /// Number of elements.
    public var count: Int { slot.count }
    /// True if the value does not depend on parameters.
    public var isConstant: Bool { slot.isConstant }

    /// Element `i` (0-based) as a scalar view (no copy, no operation).
    public subscript(i: Int) -> Expr {
        guard i >= 0 && i < count else {
            graph.fail("index \(i + 1) out of range [1, \(count)]")
            return Expr(graph, slot.view(start: 0, count: min(1, count)))
        }
        return Expr(graph, slot.view(start: i, count: 1))
    }

    /// Elements `range` (0-based) as a vector view.
    public subscript(range: Range<Int>) -> Expr {
        guard range.lowerBound >= 0 && range.upperBound <= count else {
            graph.fail("slice \(range.lowerBound + 1):\(range.upperBound) out of range [1, \(count)]")
            return Expr(graph, slot.view(start: 0, count: 0))
        }
        return Expr(graph, slot.view(start: range.lowerBound, count: range.count))
    }
}
