// Synthetic checks of bulk, tail and mean ESS against known effective sample sizes.
import StrataDiagnostics
import XCTest

/// Tolerances come from the sampling distribution of the estimator, measured once by simulating
/// 400 replicates of the same set-ups with an independent implementation of posterior's
/// algorithm (numpy): ESS/truth had mean 0.984 and sd 0.046 (iid, 4 x 1000, bulk and mean ESS),
/// sd 0.038 (iid tail ESS, mean 0.965) and mean 1.002, sd 0.081 (AR(1) rho = 0.9, 4 x 5000).
/// Each test averages `replicates` independent ratios and allows 5 standard errors.
final class EffectiveSampleSizeTests: XCTestCase {
    private let replicates = 10

    func testIndependentDrawsGiveESSNearDrawCount() throws {
        var rng = TestRandom(seed: 20_211)
        var bulk = 0.0, tail = 0.0, mean = 0.0
        for _ in 0..<replicates {
            let draws = rng.iidChains(chains: 4, length: 1000)
            bulk += try EffectiveSampleSize.bulk(draws) / 4000
            tail += try EffectiveSampleSize.tail(draws) / 4000
            mean += try EffectiveSampleSize.mean(draws) / 4000
        }
        let r = Double(replicates)
        let se = 0.046 / r.squareRoot()
        XCTAssertEqual(bulk / r, 1, accuracy: 5 * se + 0.016, "bulk ESS / N")
        XCTAssertEqual(mean / r, 1, accuracy: 5 * se + 0.016, "mean ESS / N")
        XCTAssertEqual(tail / r, 1, accuracy: 5 * 0.038 / r.squareRoot() + 0.035, "tail ESS / N")
    }

    func testAR1ChainsGiveTheoreticalESS() throws {
        let rho = 0.9
        let n = 5000, chains = 4
        let truth = Double(chains * n) * (1 - rho) / (1 + rho)
        var rng = TestRandom(seed: 777)
        var bulk = 0.0, mean = 0.0
        for _ in 0..<replicates {
            let draws = rng.ar1Chains(chains: chains, length: n, rho: rho)
            bulk += try EffectiveSampleSize.bulk(draws) / truth
            mean += try EffectiveSampleSize.mean(draws) / truth
        }
        let r = Double(replicates)
        let tolerance = 5 * 0.081 / r.squareRoot()
        XCTAssertEqual(bulk / r, 1, accuracy: tolerance, "bulk ESS / (N (1 - rho) / (1 + rho))")
        XCTAssertEqual(mean / r, 1, accuracy: tolerance, "mean ESS / (N (1 - rho) / (1 + rho))")
    }

    func testAntitheticChainsAreCappedAtNLog10N() throws {
        // Perfectly alternating chains: the antithetic ESS is capped at S * log10(S).
        var chains = [[Double]]()
        for c in 0..<4 {
            let offset: Double = 1e-3 * Double(c)
            chains.append((0..<100).map { (i: Int) -> Double in (i % 2 == 0 ? 1.0 : -1.0) + offset })
        }
        let ess = try EffectiveSampleSize.basic(chains)
        XCTAssertEqual(ess, 400 * log10(400.0), accuracy: 1e-9)
    }

    func testDegenerateInputsGiveNaNAndBadShapesThrow() throws {
        XCTAssertTrue(try EffectiveSampleSize.bulk([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]]).isNaN)
        XCTAssertTrue(try EffectiveSampleSize.bulk([[1, .nan, 3, 4, 5, 6]]).isNaN)
        XCTAssertTrue(try EffectiveSampleSize.mean([[1, 2, 3, 4]]).isNaN)  // split chains of 2 draws
        XCTAssertThrowsError(try EffectiveSampleSize.bulk([[1, 2, 3], [1, 2]], variable: "theta")) { error in
            XCTAssertEqual(error as? DiagnosticsError,
                           .unequalChainLengths(variable: "theta", chain: 1, expected: 3, found: 2))
            XCTAssertTrue("\(error)".contains("theta"))
        }
        XCTAssertThrowsError(try EffectiveSampleSize.bulk([], variable: "mu"))
        XCTAssertThrowsError(try EffectiveSampleSize.tail([[]], variable: "mu"))
        XCTAssertThrowsError(try EffectiveSampleSize.quantile([[1, 2, 3, 4]], probability: 2))
    }
}
