// R-hat: hand-computed classic value, well-mixed chains, shifted means and mismatched scales.
import StrataDiagnostics
import XCTest

final class SplitRHatTests: XCTestCase {
    func testClassicRHatByHand() throws {
        // Means 2 and 3, within variances 1: B = 3 * var(2, 3) = 1.5, W = 1,
        // R-hat = sqrt((B / W + n - 1) / n) = sqrt(7 / 6).
        let r = try SplitRHat.basic([[1, 2, 3], [2, 3, 4]], split: false)
        XCTAssertEqual(r, (7.0 / 6).squareRoot(), accuracy: 1e-15)
    }

    func testWellMixedChainsHaveRHatNearOne() throws {
        var rng = TestRandom(seed: 42)
        let draws = rng.iidChains(chains: 4, length: 1000)
        let r = try SplitRHat.rhat(draws)
        // For iid draws R-hat - 1 is O(1/n): with 8 split chains of 500 it stays far below 0.005.
        XCTAssertLessThan(r, 1.005)
        XCTAssertGreaterThan(r, 0.995)
    }

    func testShiftedChainMeansGiveLargeRHat() throws {
        var rng = TestRandom(seed: 43)
        var draws = rng.iidChains(chains: 4, length: 1000)
        draws[2] = draws[2].map { $0 + 1 }
        let r = try SplitRHat.rhat(draws)
        XCTAssertGreaterThan(r, 1.05)
        XCTAssertGreaterThan(try SplitRHat.bulk(draws), 1.05)
    }

    func testDifferentScalesAreCaughtByTheFoldedRHat() throws {
        // Same centre, one chain three times wider: invisible to bulk R-hat, clear in tail R-hat.
        var rng = TestRandom(seed: 44)
        var draws = rng.iidChains(chains: 4, length: 1000)
        draws[0] = draws[0].map { 3 * $0 }
        let bulk = try SplitRHat.bulk(draws)
        let tail = try SplitRHat.tail(draws)
        XCTAssertLessThan(bulk, 1.01)
        XCTAssertGreaterThan(tail, 1.05)
        XCTAssertEqual(try SplitRHat.rhat(draws), max(bulk, tail))
    }

    func testTrendWithinChainsIsCaughtBySplitting() throws {
        // Every chain drifts the same way: chain means agree, but halves do not.
        var rng = TestRandom(seed: 45)
        let draws = (0..<4).map { _ in (0..<1000).map { i in Double(i) / 250 + rng.normal() } }
        XCTAssertLessThan(try SplitRHat.basic(draws, split: false), 1.01)
        XCTAssertGreaterThan(try SplitRHat.rhat(draws), 1.1)
    }

    func testConstantDrawsGiveNaN() throws {
        XCTAssertTrue(try SplitRHat.rhat([[2, 2, 2, 2], [2, 2, 2, 2]]).isNaN)
        XCTAssertTrue(try SplitRHat.basic([[1, 2, 3, 4]], split: false).isNaN)  // one chain
        XCTAssertFalse(try SplitRHat.rhat([[1, 2, 3, 4]]).isNaN)  // one chain, split in two
    }
}
