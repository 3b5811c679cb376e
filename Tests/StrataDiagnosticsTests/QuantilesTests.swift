// Hand-computed checks of type-7 quantiles, median, mean, sd and average ranks.
import StrataDiagnostics
import XCTest

final class QuantilesTests: XCTestCase {
    func testType7QuantilesByHand() throws {
        // Sorted: 1 1 2 3 4 5 6 9 (n = 8, h = 7p, 0-based).
        let x: [Double] = [3, 1, 4, 1, 5, 9, 2, 6]
        let q = try Quantiles.quantiles(x, probabilities: [0, 0.05, 0.25, 0.5, 0.95, 1])
        XCTAssertEqual(q[0], 1)  // h = 0
        XCTAssertEqual(q[1], 1, accuracy: 1e-15)  // h = 0.35 between 1 and 1
        XCTAssertEqual(q[2], 1.75, accuracy: 1e-15)  // h = 1.75: 1 + 0.75 * (2 - 1)
        XCTAssertEqual(q[3], 3.5, accuracy: 1e-15)  // h = 3.5: (3 + 4) / 2
        XCTAssertEqual(q[4], 7.95, accuracy: 1e-14)  // h = 6.65: 6 + 0.65 * (9 - 6)
        XCTAssertEqual(q[5], 9)  // h = 7
        XCTAssertEqual(Quantiles.median(x), 3.5)
        XCTAssertEqual(Quantiles.median([5, 1, 3]), 3)
        XCTAssertThrowsError(try Quantiles.quantiles(x, probabilities: [1.2]))
    }

    func testMeanAndStandardDeviationByHand() {
        let x: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        XCTAssertEqual(Quantiles.mean(x), 5)
        XCTAssertEqual(Quantiles.standardDeviation(x), (32.0 / 7).squareRoot(), accuracy: 1e-15)
        XCTAssertTrue(Quantiles.standardDeviation([1]).isNaN)
    }

    func testAverageRanksWithTies() {
        XCTAssertEqual(Ranks.averageRanks([10, 20, 10, 30, 20, 20]), [1.5, 4, 1.5, 6, 4, 4])
        XCTAssertEqual(Ranks.averageRanks([3, 2, 1]), [3, 2, 1])
        XCTAssertEqual(Ranks.averageRanks([]), [])
    }

    func testNormalScoresUseBlomOffset() {
        // S = 3 distinct values: ranks 1..3, p = (r - 3/8) / 3.25.
        let z = RankNormalization.normalScores([0.2, -5, 7])
        XCTAssertEqual(z[1], NormalQuantile.inverseCDF(0.625 / 3.25), accuracy: 1e-15)
        XCTAssertEqual(z[0], 0, accuracy: 1e-15)
        XCTAssertEqual(z[2], -z[1], accuracy: 1e-15)
        XCTAssertEqual(RankNormalization.folded([1, 2, 6]), [1, 0, 4])
    }
}
