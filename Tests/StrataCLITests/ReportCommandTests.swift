// `strata report` without a browser: the sections of the HTML, the graph found from the CSV header, and bad inputs.
import Foundation
import StrataTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class ReportCommandTests: XCTestCase {
    func testEightSchoolsReportHasEverySection() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        setenv("STRATA_SHARED", SharedFiles.root.path, 1)
        let dir = try CLIFixtures.scratch(self, "report-cli")
        let html = dir.appendingPathComponent("r.html")
        let r = try CLIRunner.run(["report", run.output.path, "--output", html.path], in: dir)
        r.assertSuccess()
        let text = try String(contentsOf: html, encoding: .utf8)
        for id in ["diagnostics", "summary", "trace", "rank", "density", "pair", "energy", "graph", "settings"] {
            XCTAssertTrue(text.contains("<section id=\"\(id)\">"), "no \(id) section")
        }
        XCTAssertFalse(text.contains("<section id=\"forest\">"), "no comparison without --compare")
        XCTAssertTrue(text.contains("class=\"node parameter\""), "the graph of eight_schools_noncentered.stan from ../shared/models")
        // 18 variables: plotted are mu and tau and the 6 worst-mixing elements; the table lists all 19 outputs.
        XCTAssertEqual(text.components(separatedBy: "<g class=\"variable\"").count - 1, 8)
        let table = try XCTUnwrap(text.components(separatedBy: "<table class=\"summary\">").last?.components(separatedBy: "</table>").first)
        XCTAssertEqual(table.components(separatedBy: "<tr").count - 1, 1 + 19)
        XCTAssertTrue(text.contains(">theta[8]</td>"), "display names with Stan indexing")
    }

    func testBadInputsExitWithDocumentedCodes() throws {
        let run = try EightSchoolsRun.shared()
        let dir = try CLIFixtures.scratch(self, "report-bad")
        let out = ["--output", dir.appendingPathComponent("r.html").path]
        try CLIRunner.run(["report", run.output.path, "--model", dir.appendingPathComponent("none.stan").path] + out, in: dir)
            .assertFailure(status: 66, mentioning: ["none.stan"])
        let bad = try CLIFixtures.write("parameters { real x }\nmodel { x ~ normal(0, 1); }\n", to: "bad.stan", in: dir)
        try CLIRunner.run(["report", run.output.path, "--model", bad] + out, in: dir)
            .assertFailure(status: 65, mentioning: ["bad.stan:1"])
        try CLIRunner.run(["report", run.output.path, "--vars", "mu,omega"] + out, in: dir)
            .assertFailure(status: 64, mentioning: ["'omega'", "no such variable"])
        let truth = try CLIFixtures.write("[1, 2]", to: "truth.json", in: dir)
        try CLIRunner.run(["report", run.output.path, "--truth", truth] + out, in: dir)
            .assertFailure(status: 65, mentioning: ["truth.json", "not a JSON object"])
        try CLIRunner.run(["report", run.output.path, "--compare", dir.appendingPathComponent("missing").path] + out, in: dir)
            .assertFailure(status: 66, mentioning: ["missing", "no such folder"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("r.html").path), "no report written on error")
    }
}
