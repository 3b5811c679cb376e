// The low-rank metric's algebra (velocity, momentum covariance) and its estimator on exact Gaussian draws.
import Foundation
import StrataCore
import StrataLinearAlgebra
import StrataSamplers
import XCTest

final class LowRankMetricTests: XCTestCase {
    private let factors: LowRankFactors = {
        let u = Matrix(rowsOf: [[0.6, 0], [0.8, 0], [0, 1], [0, 0]])
        return LowRankFactors(scale: [1, 2, 0.5, 3], values: [9, 0.25], vectors: u)
    }()

    /// The dense inverse metric diag(s) (I + U (Λ - I) Uᵀ) diag(s).
    private func denseInverse(_ f: LowRankFactors) -> Matrix {
        let d = f.dimension
        var m = Matrix.identity(d)
        for j in 0..<f.rank { for i in 0..<d { for l in 0..<d { m[i, l] += (f.values[j] - 1) * f.vectors[i, j] * f.vectors[l, j] } } }
        for i in 0..<d { for l in 0..<d { m[i, l] *= f.scale[i] * f.scale[l] } }
        return m
    }

    func testVelocityIsTheDenseInverseMetricTimesMomentum() throws {
        let metric = try LowRankMetric(factors: factors)
        let p = [0.3, -1.2, 2.0, 0.7]
        var v = [Double](repeating: 0, count: 4)
        metric.velocity(of: p, into: &v)
        let expected = BLAS.multiply(denseInverse(factors), p)
        for i in 0..<4 { XCTAssertEqual(v[i], expected[i], accuracy: 1e-12) }
        XCTAssertEqual(factors.inverseMetricDiagonal, (0..<4).map { denseInverse(factors)[$0, $0] })
    }

    func testMomentumCovarianceIsTheMetric() throws {
        var metric = try LowRankMetric(factors: factors)
        var rng = ChainRNG(seed: 8, chain: 0)
        var p = [Double](repeating: 0, count: 4)
        let n = 200_000
        var sum = Matrix(rows: 4, columns: 4)
        for _ in 0..<n {
            metric.sampleMomentum(into: &p, rng: &rng)
            for i in 0..<4 { for l in 0..<4 { sum[i, l] += p[i] * p[l] } }
        }
        // Cov(p) = M: each entry within 5 standard errors, sqrt((M_ii M_ll + M_il²) / n).
        let chol = try Cholesky(denseInverse(factors))
        let columns = (0..<4).map { l in chol.solve((0..<4).map { $0 == l ? 1.0 : 0.0 }) }
        for i in 0..<4 {
            for l in 0..<4 {
                let m = columns[l][i], se = ((columns[i][i] * columns[l][l] + m * m) / Double(n)).squareRoot()
                XCTAssertEqual(sum[i, l] / Double(n), m, accuracy: 5 * se, "(\(i), \(l))")
            }
        }
    }

    func testGeometricMeanSolvesRiccatiEquation() throws {
        let a = Matrix(rowsOf: [[4, 1, 0], [1, 3, 0.5], [0, 0.5, 2]])
        let b = Matrix(rowsOf: [[2, -0.3, 0], [-0.3, 1, 0.2], [0, 0.2, 0.5]])
        let s = try Matrix.geometricMean(a, inverseOf: b)
        let sbs = BLAS.multiply(BLAS.multiply(s, b), s)
        for i in 0..<9 { XCTAssertEqual(sbs.elements[i], a.elements[i], accuracy: 1e-10) }
        // Diagonal case: sqrt(a_i / b_i).
        let d = try Matrix.geometricMean(Matrix(rowsOf: [[1, 0], [0, 8]]), inverseOf: Matrix(rowsOf: [[1, 0], [0, 0.5]]))
        XCTAssertEqual(d[0, 0], 1, accuracy: 1e-12)
        XCTAssertEqual(d[1, 1], 4, accuracy: 1e-12)
    }

    func testEstimatorRecoversGaussianStructureInBothSubspaceModes() throws {
        // Exact draws x ~ N(0, C) with C = D (I + v (λ - 1) vᵀ) D and gradients -C⁻¹ x.
        let model = LowRankGaussianModel.make(dimension: 12, lambdas: [25])
        let evaluator = model.makeEvaluator()
        var rng = ChainRNG(seed: 4, chain: 0)
        for n in [100, 4] {   // d <= 2n: whole space; d > 2n: projected on the draws' and gradients' span
            var window = DrawGradientWindow(dimension: 12)
            var g = [Double](repeating: 0, count: 12)
            for _ in 0..<n {
                let z = (0..<12).map { _ in rng.normal() }
                let along = zip(model.directions[0], z).reduce(0) { $0 + $1.0 * $1.1 } * (25.0.squareRoot() - 1)
                let x = (0..<12).map { model.scales[$0] * (z[$0] + along * model.directions[0][$0]) }
                _ = try evaluator.logDensityAndGradient(at: x, gradient: &g)
                window.add(position: x, gradient: g)
            }
            guard let f = try LowRankEstimator.estimate(window, settings: LowRankSettings()) else {
                return XCTFail("no estimate from \(n) draws")
            }
            XCTAssertGreaterThanOrEqual(f.rank, 1, "n = \(n)")
            let top = (0..<f.rank).max { f.values[$0] < f.values[$1] }!
            XCTAssertGreaterThan(f.values[top], 5, "n = \(n): the stretched direction has a large eigenvalue")
        }
    }
}
