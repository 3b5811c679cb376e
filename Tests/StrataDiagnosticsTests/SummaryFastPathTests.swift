// The summary's shared work (one radix sort for quantiles and both rank normalisations, tabled normal scores,
// autocovariance lags summed directly) against the general path it replaces: the same quantiles and R-hat exactly,
// ESS to rounding.
import StrataDiagnostics
import XCTest

final class SummaryFastPathTests: XCTestCase {
    /// Chains with ties, both zeros, negatives, subnormal and huge values.
    private func awkwardChains(_ rng: inout TestRandom, chains: Int, length: Int) -> [[Double]] {
        (0..<chains).map { _ in
            (0..<length).map { _ in
                let u = rng.uniform()
                switch u {
                case ..<0.1: return 0.0
                case ..<0.15: return -0.0
                case ..<0.3: return Double(Int(rng.uniform() * 5) - 2)      // integer ties
                case ..<0.35: return rng.normal() * 1e-310                  // subnormal
                case ..<0.4: return rng.normal() * 1e300
                default: return rng.normal()
                }
            }
        }
    }

    /// The summary (radix-sorted draws, ranks and folded ranks from one order) equals the public estimators,
    /// which sort and rank each transformed copy of the draws on their own: bit for bit.
    func testSummaryEqualsTheSeparateEstimators() throws {
        var rng = TestRandom(seed: 12)
        for (chains, length) in [(4, 100), (4, 101), (3, 2), (1, 8), (2, 1), (4, 1000)] {
            let draws = awkwardChains(&rng, chains: chains, length: length)
            let s = try PosteriorSummary(name: "x", draws: draws)
            let pooled = draws.flatMap { $0 }
            let q = try Quantiles.quantiles(pooled, probabilities: [0.05, 0.5, 0.95])
            XCTAssertEqual([s.q5, s.median, s.q95].map(\.bitPattern), q.map(\.bitPattern), "\(chains) x \(length)")
            func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
            XCTAssertTrue(same(s.rHat, try SplitRHat.rhat(draws)), "\(chains) x \(length): \(s.rHat)")
            XCTAssertTrue(same(s.essBulk, try EffectiveSampleSize.bulk(draws)), "\(chains) x \(length)")
            XCTAssertTrue(same(s.essTail, try EffectiveSampleSize.tail(draws)), "\(chains) x \(length)")
        }
    }

    /// ESS from lags summed directly equals the FFT's to rounding, for chains mixed well enough to stop within the
    /// direct lags and for AR(1) chains correlated past them (which take every lag from the FFT).
    func testDirectLagsAgreeWithTheFFT() throws {
        var rng = TestRandom(seed: 14)
        for phi in [0.0, 0.3, 0.9, 0.995] {
            let draws: [[Double]] = (0..<4).map { _ in
                var v = 0.0
                return (0..<1000).map { _ in v = phi * v + rng.normal(); return v }
            }
            let ess = try EffectiveSampleSize.basic(draws), fftOnly = try EffectiveSampleSize.basic(draws, allLagsByFFT: true)
            XCTAssertEqual(ess, fftOnly, accuracy: 1e-12 * fftOnly, "phi \(phi)")
            if phi == 0.995 { XCTAssertEqual(ess, fftOnly, "correlated past the direct lags: the FFT serves every lag") }
            // Near the AR(1) truth (a sanity check; 0.995 leaves too few effective draws for one).
            let expected = 4000 * (1 - phi) / (1 + phi)
            if phi < 0.99 { XCTAssertEqual(ess / expected, 1, accuracy: 0.3, "phi \(phi): \(ess) vs \(expected)") }
        }
    }
}
