// Golden text of the summary table, number formatting, JSON round trip and multi-variable builders.
import Foundation
import StrataDiagnostics
import XCTest

final class SummaryTableTests: XCTestCase {
    private let rows = [
        PosteriorSummary(name: "mu", mean: 4.41234, mcseMean: 0.0331, sd: 3.3031, median: 4.432, q5: -1.00712,
                         q95: 9.8371, essBulk: 9990.4, essTail: 9573.2, rHat: 1.00049),
        PosteriorSummary(name: "theta[10]", mean: 123456.7, mcseMean: 12.3, sd: 0.0000123456, median: .nan,
                         q5: 0, q95: -0.5, essBulk: .nan, essTail: 12.6, rHat: .nan),
    ]

    func testTableLayout() {
        // Name column 9 wide; each column right-aligned to max(header, widest cell), two-space gaps.
        let expected = """
                            Mean   MCSE     StdDev      5%    50%      95%  ESS_bulk  ESS_tail  R_hat
            mu             4.412  0.033      3.303  -1.007  4.432    9.837      9990      9573  1.000
            theta[10]  1.235e+05     12  1.235e-05   0.000    nan  -0.5000       nan        13    nan

            """
        XCTAssertEqual(SummaryTable.format(rows), expected)
    }

    func testSignificantDigits() {
        XCTAssertEqual(NumberFormatting.significant(9.99996, digits: 4), "10.00")
        XCTAssertEqual(NumberFormatting.significant(99999, digits: 4), "1.000e+05")
        XCTAssertEqual(NumberFormatting.significant(-0.000123456, digits: 3), "-0.000123")
        XCTAssertEqual(NumberFormatting.significant(1e-5, digits: 2), "1.0e-05")
        XCTAssertEqual(NumberFormatting.significant(0, digits: 3), "0.00")
        XCTAssertEqual(NumberFormatting.significant(-.infinity, digits: 3), "-inf")
        XCTAssertEqual(NumberFormatting.fixed(0.3, decimals: 2), "0.30")
        XCTAssertEqual(NumberFormatting.fixed(-0.004, decimals: 2), "0.00")
        XCTAssertEqual(NumberFormatting.fixed(1234.5678, decimals: 1), "1234.6")
    }

    func testJSONRoundTripEncodesNaNAsNull() throws {
        let data = try JSONEncoder().encode(rows)
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertTrue(text.contains("\"rHat\":null"), text)
        XCTAssertTrue(text.contains("\"essTail\":12.6"), text)
        let decoded = try JSONDecoder().decode([PosteriorSummary].self, from: data)
        XCTAssertEqual(decoded, rows)
    }

    func testSummarizeLayoutsAgree() throws {
        var rng = TestRandom(seed: 9)
        let a = rng.iidChains(chains: 3, length: 200, mean: 1)
        let b = rng.ar1Chains(chains: 3, length: 200, rho: 0.5)
        let byVariable = try PosteriorSummary.summarize(names: ["a", "b"], draws: [a, b])
        let rowsPerChain = (0..<3).map { c in (0..<200).map { i in [a[c][i], b[c][i]] } }
        let byRow = try PosteriorSummary.summarize(names: ["a", "b"], chainRows: rowsPerChain)
        XCTAssertEqual(byVariable, byRow)
        XCTAssertEqual(byVariable[1].name, "b")
        XCTAssertEqual(byVariable[0].mean, Quantiles.mean(a.flatMap { $0 }), accuracy: 1e-15)
        XCTAssertEqual(byVariable[1].rHat, try SplitRHat.rhat(b))
        XCTAssertEqual(byVariable[1].essBulk, try EffectiveSampleSize.bulk(b))
        XCTAssertEqual(byVariable[1].essTail, try EffectiveSampleSize.tail(b))
        XCTAssertEqual(byVariable[1].mcseMean, try MonteCarloStandardError.mean(b))
        XCTAssertThrowsError(try PosteriorSummary.summarize(names: ["a"], draws: [a, b]))
        XCTAssertThrowsError(try PosteriorSummary.summarize(names: ["a", "b", "c"], chainRows: rowsPerChain))
        XCTAssertThrowsError(try PosteriorSummary(name: "sigma", draws: [[1, 2], [3]])) { error in
            XCTAssertTrue("\(error)".contains("sigma"), "\(error)")
        }
    }
}
