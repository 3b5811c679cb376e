// Leapfrog integrator: time reversibility and second-order energy error on a Gaussian.
import StrataCore
import StrataLinearAlgebra
import StrataSamplers
import XCTest

final class LeapfrogTests: XCTestCase {
    private let model = IndependentNormalModel(scales: [0.5, 1, 2, 3])

    private func start(metric: DiagonalMetric) throws -> PhasePoint {
        let evaluator = model.makeEvaluator()
        var z = PhasePoint(dimension: 4)
        z.position = [0.3, -1.2, 2.0, 0.7]
        z.momentum = [1.1, 0.4, -0.9, 0.2]
        try Leapfrog.evaluatePotential(&z, evaluator: evaluator)
        Leapfrog.updateKinetic(&z, metric: metric)
        return z
    }

    func testLeapfrogIsReversible() throws {
        let metric = try DiagonalMetric(inverseDiagonal: [0.3, 1, 2, 5])
        let evaluator = model.makeEvaluator()
        let z0 = try start(metric: metric)
        var z = z0
        for _ in 0..<25 { try Leapfrog.step(&z, epsilon: 0.1, metric: metric, evaluator: evaluator) }
        XCTAssertGreaterThan(abs(z.position[0] - z0.position[0]), 0.1, "trajectory should move")
        for i in 0..<4 { z.momentum[i] = -z.momentum[i] }
        for _ in 0..<25 { try Leapfrog.step(&z, epsilon: 0.1, metric: metric, evaluator: evaluator) }
        for i in 0..<4 {
            XCTAssertEqual(z.position[i], z0.position[i], accuracy: 1e-12)
            XCTAssertEqual(-z.momentum[i], z0.momentum[i], accuracy: 1e-12)
        }
    }

    func testEnergyErrorShrinksQuadratically() throws {
        let metric = try DiagonalMetric(inverseDiagonal: [0.3, 1, 2, 5])
        let evaluator = model.makeEvaluator()
        func maxEnergyError(epsilon: Double) throws -> Double {
            var z = try start(metric: metric)
            let h0 = z.hamiltonian
            var worst = 0.0
            for _ in 0..<Int((2.0 / epsilon).rounded()) {
                try Leapfrog.step(&z, epsilon: epsilon, metric: metric, evaluator: evaluator)
                worst = max(worst, abs(z.hamiltonian - h0))
            }
            return worst
        }
        let coarse = try maxEnergyError(epsilon: 0.04)
        let fine = try maxEnergyError(epsilon: 0.02)
        let finer = try maxEnergyError(epsilon: 0.01)
        XCTAssertGreaterThan(coarse, 0)
        XCTAssertEqual(coarse / fine, 4, accuracy: 0.4, "halving eps should quarter the energy error")
        XCTAssertEqual(fine / finer, 4, accuracy: 0.4)
    }

    func testDenseMetricMatchesDiagonalWhenDiagonal() throws {
        let diagonal = try DiagonalMetric(inverseDiagonal: [0.3, 1, 2, 5])
        var inverse = Matrix(rows: 4, columns: 4)
        for i in 0..<4 { inverse[i, i] = diagonal.inverseDiagonal[i] }
        let dense = try DenseMetric(inverse: inverse)
        let p = [1.1, 0.4, -0.9, 0.2]
        var v1 = [Double](repeating: 0, count: 4), v2 = v1
        diagonal.velocity(of: p, into: &v1)
        dense.velocity(of: p, into: &v2)
        for i in 0..<4 { XCTAssertEqual(v1[i], v2[i], accuracy: 1e-14) }
        XCTAssertEqual(diagonal.kineticEnergy(momentum: p, velocity: v1),
                       dense.kineticEnergy(momentum: p, velocity: v2), accuracy: 1e-14)
    }

    func testDenseMomentumHasCovarianceM() throws {
        // M^-1 = [[2, 0.6], [0.6, 1]] -> Cov(p) = M = inverse of that.
        var metric = try DenseMetric(inverse: Matrix(rowsOf: [[2, 0.6], [0.6, 1]]))
        var rng = ChainRNG(seed: 5, chain: 0)
        var p = [0.0, 0.0]
        var s00 = 0.0, s01 = 0.0, s11 = 0.0
        let n = 200_000
        for _ in 0..<n {
            metric.sampleMomentum(into: &p, rng: &rng)
            s00 += p[0] * p[0]; s01 += p[0] * p[1]; s11 += p[1] * p[1]
        }
        let det = 2 * 1 - 0.36
        let m00 = 1 / det, m01 = -0.6 / det, m11 = 2 / det
        // Standard error of a second moment is about sqrt(2) * scale / sqrt(n); allow 5 of them.
        let tol = 5 * 1.5 * (2.0 / Double(n)).squareRoot()
        XCTAssertEqual(s00 / Double(n), m00, accuracy: tol * m00)
        XCTAssertEqual(s01 / Double(n), m01, accuracy: tol * m11)
        XCTAssertEqual(s11 / Double(n), m11, accuracy: tol * m11)
    }
}
