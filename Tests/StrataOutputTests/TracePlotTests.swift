// Tests of the SVG trace plots: well-formed XML, one polyline per chain, axes and labels present.
import Foundation
import StrataOutput
import XCTest

final class TracePlotTests: XCTestCase {
    /// Deterministic AR(1)-like chains with different means, so the plot has something to show.
    private func chains(_ count: Int, draws: Int, seed: Int) -> [[Double]] {
        (0..<count).map { c in
            var x = Double(c) * 0.3
            var out: [Double] = []
            for i in 0..<draws {
                let noise = sin(Double(i * 7919 + c * 104729 + seed) * 12.9898) * 43758.5453
                x = 0.7 * x + (noise - noise.rounded(.down) - 0.5) * 2
                out.append(x + Double(seed))
            }
            return out
        }
    }

    func testSingleVariable() throws {
        let draws = chains(4, draws: 1000, seed: 1)
        let svg = TracePlot.svg(name: "alpha <per day>", chains: draws)
        SVGInspector.save(svg, as: "trace_alpha.svg")
        let doc = try XCTUnwrap(SVGInspector.parse(svg), "well-formed XML")
        let traces = doc.elements("polyline", class: "trace")
        XCTAssertEqual(traces.count, 4)
        XCTAssertEqual(Set(traces.compactMap { $0.attributes["stroke"] }).count, 4, "one colour per chain")
        for t in traces {
            XCTAssertEqual(t.attributes["points"]?.split(separator: " ").count, 1000)
        }
        XCTAssertEqual(doc.elements("polyline", class: "density").count, 4)
        XCTAssertTrue(doc.text.contains("alpha <per day>"), "title escaped and present")
        XCTAssertTrue(doc.text.contains("iteration"))
        XCTAssertTrue(doc.text.contains("|1000|"), "x-axis tick at the last iteration")
        XCTAssertGreaterThanOrEqual(doc.elements("line").count, 6, "tick marks")
    }

    func testSeveralVariablesAndEdgeCases() throws {
        var constant = [[Double]](repeating: [Double](repeating: 2.5, count: 50), count: 2)
        constant[1][3] = .nan
        let long = chains(2, draws: 50_000, seed: 3)
        let svg = TracePlot.svg(variables: [("mu", chains(4, draws: 300, seed: 0)), ("tau", constant),
                                            ("long", long), ("empty", [[.nan, .infinity]])])
        SVGInspector.save(svg, as: "trace_multi.svg")
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("g", class: "variable").count, 4)
        XCTAssertEqual(doc.elements("polyline", class: "trace").count, 4 + 2 + 2)
        let tauPoints = doc.elements("polyline", class: "trace")[5].attributes["points"]!
        XCTAssertEqual(tauPoints.split(separator: " ").count, 49, "NaN draws are skipped")
        let longPoints = doc.elements("polyline", class: "trace")[6].attributes["points"]!
        XCTAssertLessThanOrEqual(longPoints.split(separator: " ").count, 2000, "long chains are thinned")
        XCTAssertTrue(doc.text.contains("no finite draws"))
        XCTAssertTrue(doc.text.contains("|50,000|") || doc.text.contains("|50000|"))
    }
}

final class TracePlotFromCSVTests: XCTestCase {
    func testPlotsColumnsOfCSVFiles() throws {
        let a = try StanCSVFile(text: "lp__,alpha\n-1,0.5\n-2,0.7\n-1.5,0.6\n", fileName: "chain_1.csv")
        let b = try StanCSVFile(text: "lp__,alpha\n-1,0.4\n-2,0.8\n-1.5,0.65\n", fileName: "chain_2.csv")
        let svg = try TracePlot.svg(variables: ["alpha", "lp__"], chains: [a, b])
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("polyline", class: "trace").count, 4)
        XCTAssertThrowsError(try TracePlot.svg(variables: ["beta"], chains: [a, b])) { error in
            XCTAssertEqual("\(error)", "chain_1.csv:1: no column named 'beta'")
        }
    }
}
