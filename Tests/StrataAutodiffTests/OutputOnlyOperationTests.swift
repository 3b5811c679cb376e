// Output-only operations (generated quantities) are left out of gradients unless the density reads them.
import XCTest
import StrataAutodiff

final class OutputOnlyOperationTests: XCTestCase {
    func testGradientSweepSkipsOutputOnlyOperationsButKeepsThoseTheDensityReads() throws {
        let g = Graph()
        let p = g.parameterInput(count: 3000)
        let density = sum(square(p) * -0.5)
        g.recordsOutputOnly = true
        let unused = exp(p) * 2.0                // only reported: skipped in gradients
        let readLater = sum(p * 3.0)             // output-only, but the density reads it below
        g.recordsOutputOnly = false
        let target = density + readLater
        let needed = g.operationsNeededForDensity
        XCTAssertEqual(needed.count, g.operations.count)
        let skipped = needed.indices.filter { !needed[$0] }
        XCTAssertFalse(skipped.isEmpty)
        XCTAssertTrue(skipped.allSatisfy { g.operations[$0].output.range.overlaps(unused.slot.range) || g.operationIsOutputOnly[$0] })
        XCTAssertFalse(skipped.contains { g.operations[$0].output == readLater.slot }, "read by the density")

        let x = (0..<3000).map { 0.001 * Double($0) - 1.2 }
        let ev = GraphEvaluator(graph: g, target: target.slot)
        XCTAssertLessThan(ev.densityOperationCount, g.operations.count)
        var grad = [Double](repeating: 0, count: x.count)
        let lp = try ev.valueAndGradient(at: x, gradient: &grad)
        let expected = x.reduce(0) { $0 - 0.5 * $1 * $1 } + x.reduce(0) { $0 + 3 * $1 }
        XCTAssertEqual(lp, expected, accuracy: 1e-9)
        for i in [0, 1234, 2999] { XCTAssertEqual(grad[i], -x[i] + 3, accuracy: 1e-12) }
        XCTAssertEqual(try ev.logDensity(at: x), lp)
        XCTAssertEqual(ev.values(of: unused.slot)[5], 0, "not computed by gradients or log densities")
        XCTAssertEqual(try ev.forward(at: x), lp)
        XCTAssertEqual(ev.values(of: unused.slot)[5], 2 * Foundation.exp(x[5]), accuracy: 1e-12, "the full sweep fills outputs")
    }
}
