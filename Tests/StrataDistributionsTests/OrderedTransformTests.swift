// Round trip, support, log-Jacobian and gradient checks for ordered and positive-ordered vectors.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class OrderedTransformTests: XCTestCase {
    static func strictlyIncreasing(_ y: [Double]) -> String? {
        for k in 1..<max(y.count, 1) where !(y[k] > y[k - 1]) { return "y[\(k + 1)] = \(y[k]) ≤ y[\(k)] = \(y[k - 1])" }
        return nil
    }

    func testOrdered() throws {
        var rng = TestNormals(seed: 21)
        for (n, scale) in [(1, 1.0), (2, 1.0), (5, 0.7), (6, 2.5), (8, 4.0)] {
            let u = rng.vector(n, scale: scale)
            try TransformCheck.run({ _ in OrderedTransform() }, u: u, constrainedCount: n, coordinates: { $0 },
                                   support: Self.strictlyIncreasing, roundTripTolerance: 1e-7)
        }
        // y1 = u1, yk = y(k-1) + exp(uk).
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let (v, j) = OrderedTransform().constrain(p, constrainedCount: 3, in: g)
        let ev = GraphEvaluator(graph: g, target: j.slot)
        XCTAssertEqual(try ev.forward(at: [-1, 0, log(2)]), log(2), accuracy: 1e-14)
        let y = ev.values(of: v.slot)
        XCTAssertEqual(y[0], -1); XCTAssertEqual(y[1], 0, accuracy: 1e-15); XCTAssertEqual(y[2], 2, accuracy: 1e-15)
    }

    func testPositiveOrdered() throws {
        var rng = TestNormals(seed: 22)
        for (n, scale) in [(1, 1.0), (3, 1.0), (5, 2.0), (7, 4.0)] {
            let u = rng.vector(n, scale: scale)
            try TransformCheck.run({ _ in PositiveOrderedTransform() }, u: u, constrainedCount: n, coordinates: { $0 },
                                   support: { y in (y.first ?? 1) > 0 ? Self.strictlyIncreasing(y) : "y[1] ≤ 0" },
                                   roundTripTolerance: 1e-7)
        }
    }

    func testUnconstrainNamesTheOffendingElement() {
        let g = Graph()
        TransformCheck.expectError("cut[3]") { _ = try OrderedTransform().unconstrain([-1, 0, 0, 2], variable: "cut", in: g) }
        TransformCheck.expectError("cut[2]") { _ = try OrderedTransform().unconstrain([1, .infinity], variable: "cut", in: g) }
        TransformCheck.expectError("mu[1]") { _ = try PositiveOrderedTransform().unconstrain([0, 1], variable: "mu", in: g) }
        TransformCheck.expectError("mu[2]") { _ = try PositiveOrderedTransform().unconstrain([2, 1], variable: "mu", in: g) }
        XCTAssertNoThrow(try PositiveOrderedTransform().validate([0.1, 0.2], variable: "mu", in: g))
    }
}
