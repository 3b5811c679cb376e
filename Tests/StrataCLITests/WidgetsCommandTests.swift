// `strata widgets`: the end-to-end widget analysis writes its CSVs and pictures and compares alpha with the truth.
import Foundation
import StrataOutput
import XCTest

final class WidgetsCommandTests: XCTestCase {
    func testWidgetsWritesCSVsPlotsAndTruthComparison() throws {
        let dir = try CLIFixtures.scratch(self, "widgets")
        let output = dir.appendingPathComponent("widgets")
        let result = try CLIRunner.run(["widgets", "--data", CLIFixtures.data("decay_days.json"),
                                        "--truth", CLIFixtures.data("decay_truth.json"), "--chains", "2",
                                        "--warmup", "300", "--samples", "300", "--threads", "2", "--quiet",
                                        "--output", output.path], in: dir, timeout: 120)
        result.assertSuccess()
        for fragment in ["Widget model: 100 widgets", "L-BFGS:", "R_hat", "alpha", "True alpha", "Wrote 2 CSV files"] {
            XCTAssertTrue(result.stdout.contains(fragment), "stdout lacks '\(fragment)'\n" + result.summary)
        }
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: output.path))
        for expected in ["trace.svg", "model_graph.svg", "model_graph.dot", "decay_1.csv", "decay_2.csv"] {
            XCTAssertTrue(names.contains(expected), "\(expected) missing; found \(names.sorted())")
        }
        for svg in ["trace.svg", "model_graph.svg"] {
            let text = try String(contentsOf: output.appendingPathComponent(svg), encoding: .utf8)
            XCTAssertTrue(text.contains("<svg") && text.contains("</svg>"), "\(svg) is not an SVG document")
        }
        let trace = try String(contentsOf: output.appendingPathComponent("trace.svg"), encoding: .utf8)
        XCTAssertTrue(trace.contains("alpha") && trace.contains("lp__"), "trace.svg lacks the alpha / lp__ panels")
        let dot = try String(contentsOf: output.appendingPathComponent("model_graph.dot"), encoding: .utf8)
        XCTAssertTrue(dot.contains("digraph") && dot.contains("->"), "model_graph.dot is not a DOT graph:\n\(dot.prefix(300))")
        XCTAssertTrue(dot.contains("alpha"), "model_graph.dot does not show alpha")
        for chain in 1...2 {
            let csv = try StanCSVFile(contentsOf: output.appendingPathComponent("decay_\(chain).csv"))
            XCTAssertEqual(csv.drawCount, 300)
            XCTAssertEqual(csv.configurationValue("metric"), "dense_e", "widgets samples with a dense metric")
            XCTAssertTrue(try XCTUnwrap(csv.column(named: "alpha")).allSatisfy { $0 > 0 })
        }
    }
}
