// Test helper: builds a graph from a closure and checks its value and gradient against plain Doubles.
import XCTest
import StrataAutodiff
import StrataTestSupport

/// Builds `f` on a graph with one parameter block of `x.count` values, then checks that the
/// graph's gradient matches central finite differences of the graph's own value, and that the
/// value equals `reference(x)` when given.
func checkGradient(
    at x: [Double], reference: (([Double]) -> Double)? = nil, tolerance: Double = 1e-5,
    file: StaticString = #filePath, line: UInt = #line, _ f: (Graph, Expr) -> Expr
) throws {
    let g = Graph()
    let p = g.parameterInput(count: x.count)
    let y = f(g, p)
    let target = y.count == 1 ? y : g.sum(y)
    try g.validate()
    let ev = GraphEvaluator(graph: g, target: target.slot)
    var grad = [Double](repeating: 0, count: x.count)
    let value = try ev.valueAndGradient(at: x, gradient: &grad)
    if let reference {
        let r = reference(x)
        XCTAssertEqual(value, r, accuracy: 1e-10 * max(1, abs(r)), "value", file: file, line: line)
    }
    try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x,
                                         relativeTolerance: tolerance, absoluteTolerance: tolerance,
                                         file: file, line: line)
}
