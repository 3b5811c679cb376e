// Beta CDF/quantile against scipy, and quantile ESS/MCSE against an independent numpy port of posterior.
import Foundation
import StrataDiagnostics
import StrataTestSupport
import XCTest

final class MonteCarloStandardErrorTests: XCTestCase {
    /// scipy.stats.beta.cdf / beta.ppf (scipy 1.x) at these arguments.
    func testIncompleteBetaMatchesScipy() {
        let cdf: [(x: Double, a: Double, b: Double, p: Double)] = [
            (0.3, 2, 5, 0.5798250000000003),
            (0.05, 0.5, 0.5, 0.14356629312870628),
            (0.9, 30, 4, 0.5769436641256929),
            (0.048, 500.5, 9500.5, 0.17449902146540847),
            (0.5, 1e4, 1e4, 0.5),
        ]
        for row in cdf {
            // The prefactor exp(lgamma(a + b) - lgamma(a) - lgamma(b) + ...) cancels terms of size
            // (a + b) log(a + b), so its absolute error grows like 1e-16 (a + b) log(a + b).
            let tolerance = 1e-13 + 1e-16 * (row.a + row.b) * log(row.a + row.b)
            XCTAssertEqual(IncompleteBeta.regularized(row.x, a: row.a, b: row.b), row.p, accuracy: tolerance,
                           "I_\(row.x)(\(row.a), \(row.b))")
        }
        let ppf: [(p: Double, a: Double, b: Double, x: Double)] = [
            (0.1586553, 501, 9501, 0.04790951558314883),
            (0.8413447, 501, 9501, 0.05227045426789935),
            (0.25, 2, 3, 0.24302208375607628),
        ]
        for row in ppf {
            XCTAssertEqual(IncompleteBeta.inverse(row.p, a: row.a, b: row.b), row.x, accuracy: 1e-10 * row.x,
                           "qbeta(\(row.p), \(row.a), \(row.b))")
        }
        XCTAssertEqual(IncompleteBeta.regularized(0, a: 2, b: 3), 0)
        XCTAssertEqual(IncompleteBeta.regularized(1, a: 2, b: 3), 1)
        XCTAssertTrue(IncompleteBeta.regularized(0.5, a: -1, b: 3).isNaN)
    }

    /// Reference: numpy/scipy port of posterior's `ess_quantile` and `mcse_quantile` (floor/ceiling
    /// ranks) applied to posteriordb's arK-arK reference draws of `beta[1]`.
    func testQuantileESSAndMCSEOnReferenceDraws() throws {
        let chains = try XCTUnwrap(SharedFiles.json("posteriordb/arK-arK/reference_draws.json") as? [[String: [Double]]])
        let draws = try chains.map { try XCTUnwrap($0["beta[1]"]) }
        let expected: [(p: Double, ess: Double, mcse: Double)] = [
            (0.05, 9748.860945661434, 0.001641295711068469),
            (0.5, 9980.46113654314, 0.0008829103148245143),
            (0.95, 10122.267063127563, 0.0017780913585885294),
        ]
        for row in expected {
            let ess = try EffectiveSampleSize.quantile(draws, probability: row.p, variable: "beta[1]")
            XCTAssertEqual(ess, row.ess, accuracy: 1e-9 * row.ess, "ess_quantile(\(row.p))")
            let mcse = try MonteCarloStandardError.quantile(draws, probability: row.p, variable: "beta[1]")
            XCTAssertEqual(mcse, row.mcse, accuracy: 1e-12 * row.mcse, "mcse_quantile(\(row.p))")
        }
        XCTAssertThrowsError(try MonteCarloStandardError.quantile(draws, probability: -0.1))
    }

    func testMeanMCSEOfIndependentDraws() throws {
        // For iid N(0, 1) draws MCSE of the mean is about 1/sqrt(N); ESS/N has sd 0.046 here
        // (see EffectiveSampleSizeTests), so sqrt(N) * MCSE lies within 1 +- 0.15.
        var rng = TestRandom(seed: 8)
        let draws = rng.iidChains(chains: 4, length: 1000)
        XCTAssertEqual(try MonteCarloStandardError.mean(draws) * 4000.0.squareRoot(), 1, accuracy: 0.15)
    }
}
