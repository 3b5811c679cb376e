// Round trip, support, log-Jacobian and gradient checks for Cholesky factors of correlation matrices.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class CholeskyFactorCorrTransformTests: XCTestCase {
    /// Strictly lower elements of a row-major K×K matrix, by row (the manual's Jacobian coordinates).
    static func strictlyLower(_ y: [Double], _ k: Int) -> [Double] {
        var c: [Double] = []
        for i in 0..<k { for j in 0..<i { c.append(y[i * k + j]) } }
        return c
    }

    /// L lower triangular, positive diagonal, L Lᵀ with unit diagonal and positive determinant Π Lᵢᵢ².
    static func isCholeskyOfCorrelation(_ y: [Double], _ k: Int) -> String? {
        for i in 0..<k {
            for j in (i + 1)..<max(k, i + 1) where y[i * k + j] != 0 { return "L[\(i + 1),\(j + 1)] = \(y[i * k + j]) above diagonal" }
            if !(y[i * k + i] > 0) { return "L[\(i + 1),\(i + 1)] = \(y[i * k + i]) not positive" }
        }
        for i in 0..<k {
            for j in 0...i {
                var s = 0.0
                for m in 0..<k { s += y[i * k + m] * y[j * k + m] }
                if i == j && abs(s - 1) > 1e-12 { return "(L Lᵀ)[\(i + 1),\(i + 1)] = \(s)" }
                if i != j && !(abs(s) < 1) { return "(L Lᵀ)[\(i + 1),\(j + 1)] = \(s) is not a correlation" }
            }
        }
        return nil
    }

    func testRoundTripSupportJacobianAndGradient() throws {
        var rng = TestNormals(seed: 41)
        for (k, scale) in [(1, 1.0), (2, 1.0), (3, 0.8), (4, 1.5), (5, 1.0), (3, 3.0)] {
            let u = rng.vector(k * (k - 1) / 2, scale: scale)
            try TransformCheck.run({ _ in CholeskyFactorCorrTransform() }, u: u, constrainedCount: k * k,
                                   coordinates: { Self.strictlyLower($0, k) },
                                   support: { Self.isCholeskyOfCorrelation($0, k) },
                                   roundTripTolerance: 1e-7, jacobianTolerance: 2e-6)
        }
    }

    /// The manual's 3×3 example: x₂₁ = z₂₁, x₃₂ = z₃₂ √(1 − x₃₁²), and at y = 0 the identity.
    func testMatchesTheManualConstruction() throws {
        let y = [0.3, -0.5, 0.9]
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let (v, j) = CholeskyFactorCorrTransform().constrain(p, constrainedCount: 9, in: g)
        let ev = GraphEvaluator(graph: g, target: j.slot)
        let lj = try ev.forward(at: y)
        let l = ev.values(of: v.slot)
        let z = y.map { tanh($0) }
        XCTAssertEqual(l[3], z[0], accuracy: 1e-15)
        XCTAssertEqual(l[4], sqrt(1 - z[0] * z[0]), accuracy: 1e-15)
        XCTAssertEqual(l[6], z[1], accuracy: 1e-15)
        XCTAssertEqual(l[7], z[2] * sqrt(1 - l[6] * l[6]), accuracy: 1e-15)
        XCTAssertEqual(l[8], sqrt(1 - l[6] * l[6] - l[7] * l[7]), accuracy: 1e-15)
        // −2 Σ log cosh y + ½ log(1 − x₃₁²) (the only below-diagonal entry with an earlier column).
        let expected = -2 * y.map { log(cosh($0)) }.reduce(0, +) + 0.5 * log(1 - l[6] * l[6])
        XCTAssertEqual(lj, expected, accuracy: 1e-13)
        try ev.forward(at: [0, 0, 0])
        XCTAssertEqual(ev.values(of: v.slot), [1, 0, 0, 0, 1, 0, 0, 0, 1])
    }

    func testErrorsNameTheElement() {
        let g = Graph()
        let t = CholeskyFactorCorrTransform()
        TransformCheck.expectError("L") { _ = try t.unconstrain([1, 0, 0], variable: "L", in: g) }
        TransformCheck.expectError("L[1,2]") { _ = try t.unconstrain([1, 0.1, 0, 1], variable: "L", in: g) }
        TransformCheck.expectError("L[2,2]") { _ = try t.unconstrain([1, 0, 1, 0], variable: "L", in: g) }
        TransformCheck.expectError("L[2]") { _ = try t.unconstrain([1, 0, 0.6, 0.7], variable: "L", in: g) }
        XCTAssertNoThrow(try t.validate([1, 0, 0.6, 0.8], variable: "L", in: g))
    }
}
