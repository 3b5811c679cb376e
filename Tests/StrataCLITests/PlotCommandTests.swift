// `strata plot`: every kind writes an SVG with axes from a sampled folder; bad kinds, variables and folders exit 64/66.
import Foundation
import XCTest

final class PlotCommandTests: XCTestCase {
    func testEveryKindWritesAnSVGWithAxes() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        let dir = try CLIFixtures.scratch(self, "plot")
        for kind in ["trace", "rank", "density", "pair", "energy", "forest"] {
            let file = dir.appendingPathComponent(kind + ".svg").path
            var args = ["plot", run.output.path, "--kind", kind, "--output", file]
            if kind == "pair" { args += ["--vars", "mu,tau,theta[1]"] }
            if kind == "forest" { args += ["--compare", run.output.path] }
            let r = try CLIRunner.run(args, in: dir)
            r.assertSuccess()
            let svg = try String(contentsOfFile: file, encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"), kind)
            XCTAssertTrue(svg.contains("axis-label"), "\(kind): no axis label")
        }
        let forest = try String(contentsOfFile: dir.appendingPathComponent("forest.svg").path, encoding: .utf8)
        XCTAssertTrue(forest.contains("(out)"), "the same run twice gets labels made unique by folder")
        let pair = try String(contentsOfFile: dir.appendingPathComponent("pair.svg").path, encoding: .utf8)
        XCTAssertTrue(pair.contains(">theta[1]</text>") && pair.contains(">tau</text>"))
    }

    func testBadRequestsExitWithDocumentedCodes() throws {
        let run = try EightSchoolsRun.shared()
        let dir = try CLIFixtures.scratch(self, "plot-bad")
        let out = ["--output", dir.appendingPathComponent("x.svg").path]
        try CLIRunner.run(["plot", run.output.path, "--kind", "violin"] + out, in: dir)
            .assertFailure(status: 64, mentioning: ["violin", "--kind"])
        try CLIRunner.run(["plot", run.output.path, "--kind", "trace", "--vars", "mu,sigma"] + out, in: dir)
            .assertFailure(status: 64, mentioning: ["'sigma'", "no such variable", "theta"])
        try CLIRunner.run(["plot", run.output.path, "--kind", "rank", "--vars", "theta[1:9]"] + out, in: dir)
            .assertFailure(status: 64, mentioning: ["theta[1:9]", "theta[8]"])
        try CLIRunner.run(["plot", run.output.path, "--kind", "pair", "--vars", "mu"] + out, in: dir)
            .assertFailure(status: 64, mentioning: ["2 to 6 variables"])
        try CLIRunner.run(["plot", run.output.path, "--kind", "trace", "--compare", run.output.path] + out, in: dir)
            .assertFailure(status: 64, mentioning: ["--compare"])
        try CLIRunner.run(["plot", dir.appendingPathComponent("nowhere").path, "--kind", "trace"] + out, in: dir)
            .assertFailure(status: 66, mentioning: ["nowhere", "no such folder"])
        try CLIRunner.run(["plot", dir.path, "--kind", "trace"] + out, in: dir)
            .assertFailure(status: 66, mentioning: ["no CSV files"])
        try CLIRunner.run(["plot", run.output.path, "--kind", "density", "--truth", dir.appendingPathComponent("t.json").path] + out, in: dir)
            .assertFailure(status: 66, mentioning: ["t.json"])
    }
}
