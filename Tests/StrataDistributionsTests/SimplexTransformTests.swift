// Round trip, support, log-Jacobian and gradient checks for the ILR and stick-breaking simplex transforms.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class SimplexTransformTests: XCTestCase {
    static func inSimplex(_ y: [Double]) -> String? {
        if let k = y.firstIndex(where: { !($0 > 0) }) { return "y[\(k + 1)] = \(y[k]) is not positive" }
        let s = y.reduce(0, +)
        return abs(s - 1) <= 1e-12 ? nil : "sum is \(s)"
    }

    func check(_ method: SimplexTransform.Method, seed: UInt64) throws {
        var rng = TestNormals(seed: seed)
        for (k, scale) in [(1, 1.0), (2, 1.0), (3, 0.5), (5, 1.5), (10, 1.0), (4, 3.0)] {
            let u = rng.vector(k - 1, scale: scale)
            try TransformCheck.run({ _ in SimplexTransform(method: method) }, u: u, constrainedCount: k,
                                   coordinates: { Array($0.prefix(k - 1)) }, support: Self.inSimplex,
                                   roundTripTolerance: 1e-7, jacobianTolerance: 2e-6)
        }
    }

    func testIsometricLogRatio() throws { try check(.isometricLogRatio, seed: 31) }
    func testStickBreaking() throws { try check(.stickBreaking, seed: 32) }

    func testZeroMapsToTheUniformSimplex() throws {
        for method in [SimplexTransform.Method.isometricLogRatio, .stickBreaking] {
            let g = Graph()
            let p = g.parameterInput(count: 4)
            let (v, _) = SimplexTransform(method: method).constrain(p, constrainedCount: 5, in: g)
            let ev = GraphEvaluator(graph: g, target: v[0].slot)
            try ev.forward(at: [0, 0, 0, 0])
            for y in ev.values(of: v.slot) { XCTAssertEqual(y, 0.2, accuracy: 1e-15) }
        }
    }

    /// The ILR coordinates are Helmert (pivot) coordinates of the centred log ratios: for K = 3,
    /// u₁ = (log x₁ − log x₂)/√2 and u₂ = (log x₁ + log x₂ − 2 log x₃)/√6.
    func testIsometricLogRatioCoordinatesMatchHelmertBasis() throws {
        let x = [0.5, 0.3, 0.2]
        let u = try SimplexTransform().unconstrain(x, variable: "x", in: Graph())
        XCTAssertEqual(u[0], (log(0.5) - log(0.3)) / sqrt(2), accuracy: 1e-14)
        XCTAssertEqual(u[1], (log(0.5) + log(0.3) - 2 * log(0.2)) / sqrt(6), accuracy: 1e-14)
    }

    /// Stan 2.36's stick-breaking written out for K = 3 at u = (0.5, −0.3).
    func testStickBreakingMatchesTheManualFormula() throws {
        let u = [0.5, -0.3]
        let g = Graph()
        let p = g.parameterInput(count: 2)
        let (v, j) = SimplexTransform(method: .stickBreaking).constrain(p, constrainedCount: 3, in: g)
        let ev = GraphEvaluator(graph: g, target: j.slot)
        let lj = try ev.forward(at: u)
        let x = ev.values(of: v.slot)
        let z1 = 1 / (1 + exp(-(0.5 - log(2.0)))), z2 = 1 / (1 + exp(0.3))
        XCTAssertEqual(x[0], z1, accuracy: 1e-15)
        XCTAssertEqual(x[1], (1 - z1) * z2, accuracy: 1e-15)
        XCTAssertEqual(x[2], (1 - z1) * (1 - z2), accuracy: 1e-15)
        XCTAssertEqual(lj, log(z1) + log(1 - z1) + log(1 - z1) + log(z2) + log(1 - z2), accuracy: 1e-14)
    }

    /// sum_to_zero_vector: linear, log J reported as 0 (the dropped constant is −½ log K).
    func testSumToZero() throws {
        var rng = TestNormals(seed: 33)
        for (k, scale) in [(1, 1.0), (2, 1.0), (4, 2.0), (9, 5.0)] {
            let u = rng.vector(k - 1, scale: scale)
            try TransformCheck.run({ _ in SumToZeroTransform() }, u: u, constrainedCount: k,
                                   coordinates: { Array($0.prefix(k - 1)) },
                                   support: { y in abs(y.reduce(0, +)) <= 1e-12 * Double(k) * 5 ? nil : "sum \(y.reduce(0, +))" },
                                   droppedConstant: -0.5 * log(Double(k)))
        }
        // The basis is orthonormal: ‖x‖ = ‖u‖.
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let (v, _) = SumToZeroTransform().constrain(p, constrainedCount: 4, in: g)
        let ev = GraphEvaluator(graph: g, target: v[0].slot)
        try ev.forward(at: [0.3, -1.2, 2.0])
        XCTAssertEqual(ev.values(of: v.slot).reduce(0) { $0 + $1 * $1 }, 0.09 + 1.44 + 4, accuracy: 1e-13)
        TransformCheck.expectError("beta") { _ = try SumToZeroTransform().unconstrain([1, -0.9], variable: "beta", in: g) }
        TransformCheck.expectError("beta[2]") { _ = try SumToZeroTransform().unconstrain([1, .nan], variable: "beta", in: g) }
    }

    func testSimplexErrorsNameTheVariable() {
        let g = Graph()
        let t = SimplexTransform()
        TransformCheck.expectError("theta") { _ = try t.unconstrain([0.5, 0.4], variable: "theta", in: g) }
        TransformCheck.expectError("theta[2]") { _ = try t.unconstrain([1.1, -0.1], variable: "theta", in: g) }
        TransformCheck.expectError("theta[3]") { _ = try t.unconstrain([0.5, 0.5, 0], variable: "theta", in: g) }
        XCTAssertNoThrow(try t.validate([0.5, 0.5, 0], variable: "theta", in: g))
        XCTAssertNoThrow(try t.validate([0.5, 0.5 + 5e-9], variable: "theta", in: g))
        TransformCheck.expectError("theta") { try t.validate([0.5, 0.5 + 5e-8], variable: "theta", in: g) }
    }
}
