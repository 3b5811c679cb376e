// L-BFGS reaches known optima: Rosenbrock, ill-conditioned and high-dimensional problems, a
// density with a restricted domain, and normal-model MAP / MLE against closed forms.
import StrataCore
import StrataOptimization
import XCTest

final class LBFGSConvergenceTests: XCTestCase {
    /// Max-norm distance between two vectors.
    private func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// Only the gradient-norm test enabled: then |x - x*| <= tol / (smallest Hessian eigenvalue),
    /// which turns a gradient tolerance into a guaranteed accuracy for the tests below. (With
    /// CmdStan's defaults the relative-gradient test stops once g'H^-1 g < 2.2e-9 max(|lp|, 1),
    /// i.e. about 1e-9 from the optimum in log density, which is 1e-5 in x on Rosenbrock.)
    private func gradientOnly(_ tolerance: Double, maxIterations: Int = 2000) -> LBFGSConfiguration {
        LBFGSConfiguration(objectiveTolerance: 0, relativeObjectiveTolerance: 0, gradientTolerance: tolerance,
                           relativeGradientTolerance: 0, parameterTolerance: 0, maxIterations: maxIterations)
    }

    func testRosenbrock2DWithCmdStanDefaults() throws {
        let evaluator = RosenbrockModel(dimension: 2).makeEvaluator()
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [-1.2, 1])
        XCTAssertEqual(result.termination, .relativeGradient)
        // lp >= -2.2e-9 at the stop, and lp ~ -0.2 |x - 1|^2 along the flat direction.
        XCTAssertGreaterThan(result.logDensity, -1e-8)
        XCTAssertLessThan(distance(result.x, [1, 1]), 1e-3, "x = \(result.x)")
        XCTAssertEqual(result.evaluations, evaluator.calls)
        XCTAssertGreaterThan(result.iterations, 10)
    }

    func testRosenbrock2DReachesOptimum() throws {
        // Hessian eigenvalues at (1, 1) are about 0.4 and 1002.
        let evaluator = Rosenbrock(dimension: 2)
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [-1.2, 1], configuration: gradientOnly(1e-9))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertLessThan(distance(result.x, [1, 1]), 1e-6, "x = \(result.x)")
        XCTAssertLessThan(abs(result.logDensity), 1e-15)
        XCTAssertEqual(result.evaluations, evaluator.calls)
    }

    func testExtendedRosenbrock10DReachesOptimum() throws {
        let evaluator = Rosenbrock(dimension: 10)
        let start = (0..<10).map { $0 % 2 == 0 ? -1.2 : 1.0 }
        let result = try LBFGS.maximize(evaluator: evaluator, initial: start, configuration: gradientOnly(1e-9))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertLessThan(distance(result.x, [Double](repeating: 1, count: 10)), 1e-6, "x = \(result.x)")
        XCTAssertEqual(result.evaluations, evaluator.calls)
        let defaults = try LBFGS.maximize(evaluator: evaluator, initial: start)
        XCTAssertTrue(defaults.converged, "\(defaults.termination)")
        XCTAssertLessThan(distance(defaults.x, [Double](repeating: 1, count: 10)), 1e-3)
    }

    /// A dense Gaussian with eigenvalues log-spaced over [1, 1e6], rotated by a Householder reflection.
    private func illConditioned(dimension n: Int, seed: UInt64) -> Quadratic {
        let eigenvalues = (0..<n).map { pow(10, 6 * Double($0) / Double(n - 1)) }
        var rng = ChainRNG(seed: seed, chain: 0)
        let v = (0..<n).map { _ in rng.normal() }
        let center = (0..<n).map { _ in rng.uniform(-3, 3) }
        return Quadratic(eigenvalues: eigenvalues, reflection: v, center: center)
    }

    func testIllConditionedQuadraticConverges() throws {
        // Condition number 1e6 in 5 dimensions (the default history spans the space).
        let evaluator = illConditioned(dimension: 5, seed: 11)
        let start = [Double](repeating: 0, count: 5)
        // The smallest eigenvalue is 1, so ||g|| < 1e-7 means |x - center| < 1e-7.
        let result = try LBFGS.maximize(evaluator: evaluator, initial: start, configuration: gradientOnly(1e-7))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertLessThan(distance(result.x, evaluator.center), 1e-7, "x = \(result.x)")
        // With the defaults it stops by a convergence test with lp = -1/2 e'Ae close to 0.
        let defaults = try LBFGS.maximize(evaluator: evaluator, initial: start)
        XCTAssertTrue(defaults.converged, "\(defaults.termination)")
        XCTAssertGreaterThan(defaults.logDensity, -1e-8)
    }

    func testLongerHistoryHandlesWiderIllConditionedQuadratic() throws {
        // 12 eigenvalues over six decades: history 5 needs thousands of iterations here (as does
        // scipy's L-BFGS-B with maxcor=5); a 20-pair history converges quickly.
        let evaluator = illConditioned(dimension: 12, seed: 11)
        var config = gradientOnly(1e-7)
        config.historySize = 20
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [Double](repeating: 0, count: 12),
                                        configuration: config)
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertLessThan(distance(result.x, evaluator.center), 1e-7, "x = \(result.x)")
        XCTAssertLessThan(result.iterations, 1000)
    }

    func testSeparable1000DimensionalProblem() throws {
        let n = 1000
        var rng = ChainRNG(seed: 3, chain: 1)
        let weights = (0..<n).map { _ in pow(10, rng.uniform(0, 2)) }
        let center = (0..<n).map { _ in rng.uniform(-2, 2) }
        let evaluator = SeparableQuartic(weights: weights, center: center)
        // Curvature is at least min(w) >= 1, so ||g|| < 1e-7 means max |x - c| < 1e-7.
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [Double](repeating: 1, count: n),
                                        configuration: gradientOnly(1e-7))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertLessThan(distance(result.x, center), 1e-7)
        XCTAssertEqual(result.evaluations, evaluator.calls)
        let defaults = try LBFGS.maximize(evaluator: evaluator, initial: [Double](repeating: 1, count: n))
        XCTAssertTrue(defaults.converged, "\(defaults.termination)")
        XCTAssertGreaterThan(defaults.logDensity, -1e-8)
    }

    func testDomainErrorsMakeTheLineSearchBacktrack() throws {
        // Modes at 0.05, 0.5 and 2.0; starting far to the right makes the growing trial steps
        // cross x = 0, where the density throws.
        let shapes = [1.5, 2.0, 5.0], rates = [10.0, 2.0, 2.0]
        let evaluator = PositiveGamma(shapes: shapes, rates: rates)
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [5, 5, 5], configuration: gradientOnly(1e-9))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertGreaterThan(evaluator.rejections, 0, "the test must exercise infeasible trial points")
        let mode = zip(shapes, rates).map { ($0 - 1) / $1 }
        for i in 0..<3 {
            XCTAssertEqual(result.x[i], mode[i], accuracy: 1e-6 * max(1, mode[i]), "x[\(i)]")
        }
        XCTAssertEqual(result.evaluations, evaluator.calls)
    }

    func testNormalMeanPosteriorModeMatchesConjugateFormula() throws {
        var rng = ChainRNG(seed: 2024, chain: 0)
        let sigma = 2.0, priorMean = -1.0, priorSD = 0.5
        let data = (0..<50).map { _ in 3 + sigma * rng.normal() }
        let evaluator = NormalMeanPosterior(data: data, sigma: sigma, priorMean: priorMean, priorSD: priorSD)
        let precision = 1 / (priorSD * priorSD) + Double(data.count) / (sigma * sigma)
        let mode = (priorMean / (priorSD * priorSD) + data.reduce(0, +) / (sigma * sigma)) / precision
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [10], configuration: gradientOnly(1e-9))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertEqual(result.x[0], mode, accuracy: 1e-6)
    }

    func testNormalLikelihoodMaximumMatchesSampleMoments() throws {
        var rng = ChainRNG(seed: 99, chain: 4)
        let data = (0..<200).map { _ in 10 + 3 * rng.normal() }
        let mean = data.reduce(0, +) / Double(data.count)
        let variance = data.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(data.count)
        let evaluator = NormalLikelihood(data: data)
        let result = try LBFGS.maximize(evaluator: evaluator, initial: [0, 0], configuration: gradientOnly(1e-8))
        XCTAssertEqual(result.termination, .gradientNorm)
        XCTAssertEqual(result.x[0], mean, accuracy: 1e-6)
        XCTAssertEqual(result.x[1], 0.5 * log(variance), accuracy: 1e-6)
    }
}
