// Tests of the rank, density, pair, energy and forest plots: their numbers (ranks, KDE, intervals) and their SVG.
import Foundation
import StrataOutput
import XCTest

final class DiagnosticPlotsTests: XCTestCase {
    /// Deterministic standard-normal-ish draws (Box-Muller on a fixed LCG).
    private func normals(_ n: Int, seed: UInt64, shift: Double = 0) -> [Double] {
        var s = seed &* 6364136223846793005 &+ 1442695040888963407
        func u() -> Double { s = s &* 6364136223846793005 &+ 1442695040888963407; return (Double(s >> 11) + 0.5) / 9007199254740992 }
        return (0..<n).map { _ in (-2 * log(u())).squareRoot() * cos(2 * .pi * u()) + shift }
    }

    private func chains(_ shifts: [Double], draws: Int = 500) -> [[Double]] {
        shifts.enumerated().map { normals(draws, seed: UInt64($0.offset + 1), shift: $0.element) }
    }

    private func assertAxes(_ doc: SVGInspector, _ svg: String, _ labels: [String], file: StaticString = #filePath, line: UInt = #line) {
        let axisTexts = doc.elements("text", class: "axis-label")
        XCTAssertFalse(axisTexts.isEmpty, "no axis labels", file: file, line: line)
        for l in labels { XCTAssertTrue(svg.contains(">\(l)</text>"), "missing label \(l)", file: file, line: line) }
        XCTAssertFalse(doc.elements("text", class: "tick-label").isEmpty, "no tick labels", file: file, line: line)
    }

    func testRankHistogramsAreFlatForMixedChainsAndNotForAShiftedChain() throws {
        let mixed = chains([0, 0, 0, 0], draws: 1000)
        let counts = RankPlot.counts(chains: mixed)
        XCTAssertEqual(counts.map { $0.reduce(0, +) }, [1000, 1000, 1000, 1000])
        // Under uniform ranks each of 20 bins holds 50 ± sqrt(50 * 0.95) ≈ 7; allow 5 sd.
        for c in counts { for n in c { XCTAssertEqual(Double(n), 50, accuracy: 35) } }
        let shifted = RankPlot.counts(chains: chains([0, 0, 0, 2], draws: 1000))
        XCTAssertGreaterThan(shifted[3].last!, 150, "a chain shifted by 2 sd holds most of the top ranks")
        XCTAssertLessThan(shifted[3].first!, 5)

        let svg = RankPlot.svg(variables: [("mu", mixed), ("tau", chains([0, 0, 0, 2]))])
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("polyline", class: "rank-histogram").count, 8)
        XCTAssertEqual(doc.elements("line", class: "uniform").count, 2)
        assertAxes(doc, svg, ["rank (all chains)", "count", "mu", "tau"])
    }

    func testKernelDensityOfANormalIntegratesToOneWithTheRightPeak() {
        let draws = normals(20_000, seed: 7)
        let (x, d) = KernelDensity.estimate(draws, lo: -6, hi: 6, points: 241)
        let dx = x[1] - x[0]
        XCTAssertEqual(d.reduce(0, +) * dx, 1, accuracy: 0.01)
        // The peak of N(0,1) is 0.3989; the estimate is smoothed by h ≈ 0.13 (peak / sqrt(1 + h²)) ≈ 0.396.
        XCTAssertEqual(d.max()!, 0.396, accuracy: 0.02, "3 sd of the estimate at the peak")
        XCTAssertEqual(x[d.firstIndex(of: d.max()!)!], 0, accuracy: 0.15)
    }

    func testDensityPlotMarksTheTruth() throws {
        let svg = DensityPlot.svg(variables: [("alpha", chains([0.1, 0, -0.1])), ("sigma", chains([1, 1]))], truth: ["alpha": 0.5])
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("path", class: "density").count, 2)
        XCTAssertEqual(doc.elements("polyline", class: "chain-density").count, 5)
        let truth = doc.elements("line", class: "truth")
        XCTAssertEqual(truth.count, 1)
        // The truth line sits where 0.5 maps on alpha's axis: inside its panel (left margin 62, width 220).
        let x = try XCTUnwrap(Double(truth[0].attributes["x1"] ?? ""))
        XCTAssertTrue((62...282).contains(x), "truth at x = \(x)")
        assertAxes(doc, svg, ["alpha", "sigma", "density", "truth"])
    }

    func testPairPlotDrawsEveryPairAndEveryDivergence() throws {
        let a = chains([0, 0]), b = chains([1, 1]), c = chains([2, 2])
        var divergent = [[Bool]](repeating: [Bool](repeating: false, count: 500), count: 2)
        divergent[1][10] = true; divergent[1][20] = true; divergent[0][499] = true
        let svg = PairPlot.svg(variables: [("a", a), ("b", b), ("c", c)], divergent: divergent)
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("g", class: "pair-scatter").count, 3)
        XCTAssertEqual(doc.elements("g", class: "pair-histogram").count, 3)
        let marks = doc.elements("path", class: "divergent")
        XCTAssertEqual(marks.count, 3, "one divergent path per scatter panel")
        for m in marks { XCTAssertEqual(m.attributes["d"]?.components(separatedBy: "h0").count, 4, "3 divergent draws") }
        for p in doc.elements("path", class: "draws") { XCTAssertEqual(p.attributes["d"]?.components(separatedBy: "h0").count, 998) }
        XCTAssertTrue(doc.text.contains("divergent (3)"))
        assertAxes(doc, svg, ["a", "b", "c"])
    }

    func testEnergyPlotSeriesAndEBFMI() throws {
        let energy = [[1.0, 3, 2, 5], [10, 10, 12, 8]]
        let (marginal, transition) = EnergyPlot.series(energy: energy)
        XCTAssertEqual(marginal, [-1.75, 0.25, -0.75, 2.25, 0, 0, 2, -2])
        XCTAssertEqual(transition, [2, -1, 3, 0, 2, -4])
        let svg = EnergyPlot.svg(energy: chains([0, 0]))
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("path", class: "marginal-energy").count, 1)
        XCTAssertEqual(doc.elements("path", class: "energy-transition").count, 1)
        XCTAssertEqual(doc.elements("text", class: "ebfmi").count, 3, "title and one line per chain")
        assertAxes(doc, svg, ["energy", "density"])
    }

    func testForestIntervalsAndRows() throws {
        let i = try XCTUnwrap(ForestPlot.Interval(draws: (0...100).map(Double.init) + [.nan]))
        XCTAssertEqual([i.q5, i.q25, i.median, i.q75, i.q95], [5, 25, 50, 75, 95])
        XCTAssertNil(ForestPlot.Interval(draws: [.nan]))
        let series = [ForestPlot.Series(label: "no pooling", intervals: ["mu[1]": i]),
                      ForestPlot.Series(label: "partial", intervals: ["mu[1]": i, "tau": i])]
        let svg = ForestPlot.svg(rows: ["mu[1]", "tau"], series: series)
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("g", class: "interval").count, 3)
        XCTAssertEqual(doc.elements("text", class: "row-label").count, 2)
        assertAxes(doc, svg, ["no pooling", "partial"])
    }
}
