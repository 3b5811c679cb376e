// NUTS with adaptation recovers known Gaussian posteriors (MCSE-based tolerances, fixed seeds).
import Foundation
import StrataSamplers
import XCTest

final class NUTSRecoveryTests: XCTestCase {
    /// Per-chain series of output `j`.
    private func series(_ results: [ChainResult], _ j: Int) -> [[Double]] { results.map { $0.values(ofOutput: j) } }

    func testIndependentNormalWithScalesOverFourOrdersOfMagnitude() throws {
        let d = 100
        let scales = (0..<d).map { pow(10, -2 + 4 * Double($0) / Double(d - 1)) }
        var config = SamplerConfiguration()
        config.seed = 20241123
        config.chains = 4
        config.metric = .diagonal
        let results = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: scales))
        XCTAssertEqual(results.count, 4)
        for r in results {
            XCTAssertEqual(r.drawCount, 1000)
            XCTAssertEqual(r.divergenceCount, 0)
            guard case let .diagonal(inverse) = r.inverseMetric else { return XCTFail("expected a diagonal metric") }
            // The adapted inverse metric tracks the variances across the whole range of scales.
            for i in [0, 50, 99] { XCTAssertEqual(log(inverse[i] / (scales[i] * scales[i])), 0, accuracy: 0.5) }
        }
        var minESS = Double.infinity
        for j in 0..<d {
            let x = series(results, j)
            let s2 = scales[j] * scales[j]
            let ess = TestESS.ess(x)
            minESS = min(minESS, ess)
            let (mean, _) = TestESS.meanAndVariance(x)
            XCTAssertLessThan(abs(mean), 5 * TestESS.mcseOfMean(x), "mean of x.\(j + 1)")
            // E[x^2] = sigma^2; its MCSE comes from the ESS of the squared draws.
            let squares = x.map { $0.map { $0 * $0 } }
            let (meanSquare, _) = TestESS.meanAndVariance(squares)
            XCTAssertLessThan(abs(meanSquare - s2), 5 * TestESS.mcseOfMean(squares), "variance of x.\(j + 1)")
        }
        XCTAssertGreaterThan(minESS, 400, "NUTS should mix well on an adapted diagonal Gaussian")
    }

    func testDenseMetricNeedsFewerGradientsOnCorrelatedGaussian() throws {
        let d = 50
        let scales = (0..<d).map { pow(10, -1 + 2 * Double($0) / Double(d - 1)) }
        let model = AR1GaussianModel(scales: scales, rho: 0.9)
        var costPerESS: [MetricKind: Double] = [:]
        for kind in [MetricKind.diagonal, .dense] {
            var config = SamplerConfiguration()
            config.seed = 77
            config.chains = 2
            config.metric = kind
            let results = try MultiChainRunner(configuration: config).run(model: model)
            var minESS = Double.infinity
            for j in 0..<d {
                let x = series(results, j)
                minESS = min(minESS, TestESS.ess(x))
                let (mean, _) = TestESS.meanAndVariance(x)
                XCTAssertLessThan(abs(mean), 5 * TestESS.mcseOfMean(x), "\(kind) mean of x.\(j + 1)")
            }
            let leapfrogs = results.reduce(0) { $0 + $1.leapfrogTotal }
            costPerESS[kind] = Double(leapfrogs) / minESS
        }
        let ratio = costPerESS[.dense]! / costPerESS[.diagonal]!
        XCTAssertLessThan(ratio, 0.5, "dense/diagonal leapfrogs per ESS = \(ratio) (\(costPerESS))")
    }

    func testUnitMetricSamplesStandardNormal() throws {
        var config = SamplerConfiguration()
        config.seed = 3
        config.chains = 2
        config.warmup = 300
        config.samples = 1000
        config.metric = .unit
        let results = try MultiChainRunner(configuration: config).run(model: IndependentNormalModel(scales: [1, 1, 1]))
        for j in 0..<3 {
            let x = results.map { $0.values(ofOutput: j) }
            XCTAssertLessThan(abs(TestESS.meanAndVariance(x).mean), 5 * TestESS.mcseOfMean(x))
        }
        let accept = results.flatMap { $0.stats }.map(\.acceptStat).reduce(0, +) / 2000
        XCTAssertGreaterThan(accept, 0.6, "adapted step size should give acceptance near delta = 0.8")
        XCTAssertEqual(results[0].inverseMetric, .unit(dimension: 3))
    }
}
