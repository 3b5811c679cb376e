// Round trip, support, log-Jacobian and gradient checks for cov_matrix, corr_matrix, cholesky_factor_cov, unit_vector.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class CovarianceTransformTests: XCTestCase {
    static func lowerTriangle(_ y: [Double], _ k: Int, strict: Bool) -> [Double] {
        var c: [Double] = []
        for i in 0..<k { for j in 0..<(strict ? i : i + 1) { c.append(y[i * k + j]) } }
        return c
    }

    /// Symmetric and positive definite (all leading minors positive, by elimination).
    static func symmetricPositiveDefinite(_ y: [Double], _ k: Int, unitDiagonal: Bool) -> String? {
        for i in 0..<k {
            if unitDiagonal && abs(y[i * k + i] - 1) > 1e-12 { return "diagonal [\(i + 1)] = \(y[i * k + i])" }
            for j in 0..<i where y[i * k + j] != y[j * k + i] { return "not symmetric at [\(i + 1),\(j + 1)]" }
        }
        var m = y
        for c in 0..<k {
            let d = m[c * k + c]
            if !(d > 0) { return "pivot \(c + 1) = \(d) not positive" }
            for r in (c + 1)..<max(k, c + 1) {
                let f = m[r * k + c] / d
                for j in c..<k { m[r * k + j] -= f * m[c * k + j] }
            }
        }
        return nil
    }

    func testCovMatrix() throws {
        var rng = TestNormals(seed: 51)
        for (k, scale) in [(1, 1.0), (2, 1.0), (3, 0.7), (4, 1.5), (3, 3.0)] {
            let u = rng.vector(k * (k + 1) / 2, scale: scale)
            try TransformCheck.run({ _ in CovMatrixTransform() }, u: u, constrainedCount: k * k,
                                   coordinates: { Self.lowerTriangle($0, k, strict: false) },
                                   support: { Self.symmetricPositiveDefinite($0, k, unitDiagonal: false) },
                                   roundTripTolerance: 1e-7, jacobianTolerance: 2e-6)
        }
    }

    func testCorrMatrix() throws {
        var rng = TestNormals(seed: 52)
        for (k, scale) in [(1, 1.0), (2, 1.0), (3, 0.7), (4, 1.2), (5, 0.8), (3, 2.5)] {
            let u = rng.vector(k * (k - 1) / 2, scale: scale)
            try TransformCheck.run({ _ in CorrMatrixTransform() }, u: u, constrainedCount: k * k,
                                   coordinates: { Self.lowerTriangle($0, k, strict: true) },
                                   support: { Self.symmetricPositiveDefinite($0, k, unitDiagonal: true) },
                                   roundTripTolerance: 1e-7, jacobianTolerance: 2e-6)
        }
    }

    /// corr_matrix reads canonical partial correlations by column: for K = 3, x₂₁ = z₁, x₃₁ = z₂ and
    /// x₃₂ = z₁ z₂ + z₃ √((1 − z₁²)(1 − z₂²)).
    func testCorrMatrixUsesColumnOrderedPartialCorrelations() throws {
        let y = [0.3, -0.6, 0.8]
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let (v, _) = CorrMatrixTransform().constrain(p, constrainedCount: 9, in: g)
        let ev = GraphEvaluator(graph: g, target: v[0].slot)
        try ev.forward(at: y)
        let x = ev.values(of: v.slot), z = y.map { tanh($0) }
        XCTAssertEqual(x[3], z[0], accuracy: 1e-15)
        XCTAssertEqual(x[6], z[1], accuracy: 1e-15)
        XCTAssertEqual(x[7], z[0] * z[1] + z[2] * sqrt((1 - z[0] * z[0]) * (1 - z[1] * z[1])), accuracy: 1e-15)
    }

    func testCholeskyFactorCov() throws {
        var rng = TestNormals(seed: 53)
        for (m, n) in [(1, 1), (3, 3), (4, 2), (5, 3), (3, 1)] {
            let count = n * (n + 1) / 2 + (m - n) * n
            let u = rng.vector(count, scale: 1.5)
            try TransformCheck.run({ _ in CholeskyFactorCovTransform(rows: m, columns: n) }, u: u, constrainedCount: m * n,
                                   coordinates: { y in
                                       var c: [Double] = []
                                       for i in 0..<m { for j in 0..<min(i + 1, n) { c.append(y[i * n + j]) } }
                                       return c
                                   },
                                   support: { y in
                                       for i in 0..<m { for j in 0..<n {
                                           if j > i && y[i * n + j] != 0 { return "nonzero above diagonal" }
                                           if j == i && !(y[i * n + j] > 0) { return "diagonal not positive" }
                                       } }
                                       return nil
                                   })
        }
    }

    func testUnitVector() throws {
        var rng = TestNormals(seed: 54)
        for n in [1, 2, 3, 6] {
            let u = rng.vector(n, scale: 2)
            let g = Graph()
            let p = g.parameterInput(count: n)
            let t = UnitVectorTransform()
            let (v, j) = t.constrain(p, constrainedCount: n, in: g)
            try g.validate()
            let evJ = GraphEvaluator(graph: g, target: j.slot)
            let lj = try evJ.forward(at: u)
            let x = evJ.values(of: v.slot)
            let r2 = u.reduce(0) { $0 + $1 * $1 }
            XCTAssertEqual(lj, -0.5 * r2, accuracy: 1e-12)
            for i in 0..<n { XCTAssertEqual(x[i], u[i] / sqrt(r2), accuracy: 1e-15) }
            XCTAssertEqual(x.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-14)
            // unconstrain returns a point that constrains back to the same unit vector.
            let back = try t.unconstrain(x, variable: "x", in: g)
            try evJ.forward(at: back)
            for (a, b) in zip(evJ.values(of: v.slot), x) { XCTAssertEqual(a, b, accuracy: 1e-15) }
            let target = g.addScalars([j, sum(log1p(square(v))), sum(v) / 3.0])
            let ev = GraphEvaluator(graph: g, target: target.slot)
            var grad = [Double](repeating: 0, count: n)
            _ = try ev.valueAndGradient(at: u, gradient: &grad)
            try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: u)
            XCTAssertThrowsError(try evJ.forward(at: [Double](repeating: 0, count: n)))
        }
    }

    func testErrorsNameTheElement() {
        let g = Graph()
        TransformCheck.expectError("S[2,1]") { _ = try CovMatrixTransform().unconstrain([1, 0.5, 0.4, 1], variable: "S", in: g) }
        TransformCheck.expectError("S") { _ = try CovMatrixTransform().unconstrain([1, 2, 2, 1], variable: "S", in: g) }
        TransformCheck.expectError("S") { _ = try CovMatrixTransform().unconstrain([1, 0, 0], variable: "S", in: g) }
        TransformCheck.expectError("R[2,2]") { _ = try CorrMatrixTransform().unconstrain([1, 0.5, 0.5, 2], variable: "R", in: g) }
        TransformCheck.expectError("R") { _ = try CorrMatrixTransform().unconstrain([1, 1.5, 1.5, 1], variable: "R", in: g) }
        let chol = CholeskyFactorCovTransform(rows: 3, columns: 2)
        TransformCheck.expectError("L[1,2]") { _ = try chol.unconstrain([1, 0.1, 0, 1, 2, 3], variable: "L", in: g) }
        TransformCheck.expectError("L[2,2]") { _ = try chol.unconstrain([1, 0, 0, -1, 2, 3], variable: "L", in: g) }
        TransformCheck.expectError("L") { _ = try chol.unconstrain([1, 0, 0, 1], variable: "L", in: g) }
        TransformCheck.expectError("u") { _ = try UnitVectorTransform().unconstrain([0.6, 0.7], variable: "u", in: g) }
        XCTAssertNoThrow(try UnitVectorTransform().validate([0.6, 0.8], variable: "u", in: g))
        XCTAssertNoThrow(try CorrMatrixTransform().validate([1, 0.3, 0.3, 1], variable: "R", in: g))
    }
}
