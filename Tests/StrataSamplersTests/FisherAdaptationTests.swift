// Fisher-divergence adaptation (nutpie): diagonal on scaled Gaussians, low-rank on a known low-rank
// correlation, fixed seeds and MCSE tolerances.
import Foundation
import StrataLinearAlgebra
import StrataSamplers
import XCTest

final class FisherAdaptationTests: XCTestCase {
    private func series(_ results: [ChainResult], _ j: Int) -> [[Double]] { results.map { $0.values(ofOutput: j) } }

    /// Means 0 and variances `covariance(i, i)` within 5 MCSE for every coordinate; returns the min ESS.
    private func assertMoments(_ results: [ChainResult], variance: (Int) -> Double, dimension d: Int,
                               label: String, file: StaticString = #filePath, line: UInt = #line) -> Double {
        var minESS = Double.infinity
        for j in 0..<d {
            let x = series(results, j)
            minESS = min(minESS, TestESS.ess(x))
            XCTAssertLessThan(abs(TestESS.meanAndVariance(x).mean), 5 * TestESS.mcseOfMean(x),
                              "\(label) mean of x.\(j + 1)", file: file, line: line)
            let squares = x.map { $0.map { $0 * $0 } }
            XCTAssertLessThan(abs(TestESS.meanAndVariance(squares).mean - variance(j)), 5 * TestESS.mcseOfMean(squares),
                              "\(label) variance of x.\(j + 1)", file: file, line: line)
        }
        return minESS
    }

    func testFisherDiagonalOnGaussianWithScalesOverFourOrdersOfMagnitude() throws {
        let d = 100
        let scales = (0..<d).map { pow(10, -2 + 4 * Double($0) / Double(d - 1)) }
        var config = SamplerConfiguration()
        config.seed = 5150
        config.chains = 4
        config.metric = .diagonal
        config.adaptation = .fisher
        let results = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: scales))
        for r in results {
            XCTAssertEqual(r.adaptation.adaptation, .fisher)
            XCTAssertGreaterThan(r.adaptation.metricUpdates, 500, "the diagonal is re-estimated after most draws")
            guard case let .diagonal(inverse) = r.inverseMetric else { return XCTFail("expected a diagonal metric") }
            // For a Gaussian var(x) / var(grad) = sigma^4, so sqrt of it is sigma^2 at every scale.
            for i in 0..<d { XCTAssertEqual(log(inverse[i] / (scales[i] * scales[i])), 0, accuracy: 0.4, "x.\(i + 1)") }
        }
        let minESS = assertMoments(results, variance: { scales[$0] * scales[$0] }, dimension: d, label: "fisher diag")
        XCTAssertGreaterThan(minESS, 400)
    }

    func testFisherDiagonalNeedsFewerGradientsThanStanWithShortWarmup() throws {
        // With 200 warmup draws the Fisher estimate (from gradients too) is already good; Stan's windows are short.
        let scales = (0..<30).map { pow(10, -1.5 + 3 * Double($0) / 29) }
        var costs: [AdaptationKind: Double] = [:]
        for kind in [AdaptationKind.stan, .fisher] {
            var config = SamplerConfiguration()
            config.seed = 99
            config.chains = 2
            config.warmup = 200
            config.metric = .diagonal
            config.adaptation = kind
            let results = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: scales))
            let minESS = assertMoments(results, variance: { scales[$0] * scales[$0] }, dimension: scales.count,
                                       label: kind.rawValue)
            costs[kind] = Double(results.reduce(0) { $0 + $1.leapfrogTotal }) / minESS
        }
        XCTAssertLessThan(costs[.fisher]!, costs[.stan]!, "gradients per ESS: \(costs)")
    }

    func testLowRankMetricRecoversKnownLowRankCorrelationAndSamplesCorrectly() throws {
        let d = 40
        let model = LowRankGaussianModel.make(dimension: d, lambdas: [40, 0.05])
        var config = SamplerConfiguration()
        config.seed = 2718
        config.chains = 2
        config.warmup = 600
        config.samples = 800
        config.metric = .lowRank
        config.adaptation = .fisher
        let results = try MultiChainRunner(configuration: config).run(model: model)
        for r in results {
            guard case let .lowRank(f) = r.inverseMetric else { return XCTFail("expected a low-rank metric") }
            XCTAssertGreaterThanOrEqual(f.rank, 2)
            XCTAssertLessThanOrEqual(f.rank, 8, "only the true directions (and a few noisy ones) pass the cutoff")
            // Each true direction, in the metric's scaled coordinates (D⁻¹ ... ≈ s⁻¹), lies in the span of U.
            for (v, lambda) in zip(model.directions, model.lambdas) {
                var w = (0..<d).map { v[$0] * model.scales[$0] / f.scale[$0] }
                let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
                w = w.map { $0 / norm }
                var captured = 0.0
                for j in 0..<f.rank {
                    let p = (0..<d).reduce(0.0) { $0 + w[$1] * f.vectors[$1, j] }
                    captured += p * p
                }
                XCTAssertGreaterThan(captured, 0.9, "direction with lambda \(lambda): \(captured) of it in span(U)")
            }
            // The inverse metric's diagonal matches the true variances.
            for (i, v) in f.inverseMetricDiagonal.enumerated() {
                XCTAssertEqual(log(v / model.covariance(i, i)), 0, accuracy: 0.35, "inverse metric (\(i), \(i))")
            }
        }
        let minESS = assertMoments(results, variance: { model.covariance($0, $0) }, dimension: d, label: "low rank")
        // The correlation along the first direction is sampled too: var(vᵀ D⁻¹ x) = lambda.
        let v = model.directions[0]
        let projected = results.map { r in (0..<r.drawCount).map { t in
            (0..<d).reduce(0.0) { $0 + v[$1] * r.draws[t * d + $1] / model.scales[$1] } } }
        let squares = projected.map { $0.map { $0 * $0 } }
        XCTAssertLessThan(abs(TestESS.meanAndVariance(squares).mean - 40), 5 * TestESS.mcseOfMean(squares))
        XCTAssertGreaterThan(minESS, 300)
    }

    func testLowRankBeatsDiagonalPerGradientOnCorrelatedGaussian() throws {
        let model = LowRankGaussianModel.make(dimension: 30, lambdas: [100])
        var cost: [MetricKind: Double] = [:]
        for kind in [MetricKind.diagonal, .lowRank] {
            var config = SamplerConfiguration()
            config.seed = 31
            config.chains = 2
            config.warmup = 500
            config.samples = 500
            config.metric = kind
            config.adaptation = .fisher
            let results = try MultiChainRunner(configuration: config).run(model: model)
            let minESS = (0..<30).map { TestESS.ess(series(results, $0)) }.min()!
            cost[kind] = Double(results.reduce(0) { $0 + $1.leapfrogTotal }) / minESS
        }
        XCTAssertLessThan(cost[.lowRank]! / cost[.diagonal]!, 0.5, "gradients per ESS \(cost)")
    }

    func testLowRankNeedsFisherAdaptation() {
        var config = SamplerConfiguration()
        config.metric = .lowRank
        config.adaptation = .stan
        XCTAssertThrowsError(try config.validate(dimension: 3)) { XCTAssertTrue("\($0)".contains("fisher"), "\($0)") }
    }
}
