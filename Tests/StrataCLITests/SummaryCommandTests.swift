// `strata summary`: tables and JSON from our CSV files and from a hand-written CmdStan-format file.
import Foundation
import StrataOutput
import XCTest

final class SummaryCommandTests: XCTestCase {
    /// The `summaries` array of `strata summary --json`, keyed by variable name.
    private func summaries(fromJSON text: String) throws -> [String: [String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let root = try XCTUnwrap(object as? [String: Any], "JSON root is not an object")
        let rows = try XCTUnwrap(root["summaries"] as? [[String: Any]], "no 'summaries' array")
        var byName: [String: [String: Any]] = [:]
        for row in rows { if let name = row["name"] as? String { byName[name] = row } }
        return byName
    }

    func testSummaryOfSampledFolderAsTableAndJSON() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        let table = try CLIRunner.run(["summary", run.output.path], in: run.directory)
        table.assertSuccess()
        for fragment in ["Mean", "MCSE", "StdDev", "5%", "50%", "95%", "ESS_bulk", "ESS_tail", "R_hat",
                         "lp__", "mu", "tau", "theta_tilde.1", "theta.8", "Divergences:"] {
            XCTAssertTrue(table.stdout.contains(fragment), "table lacks '\(fragment)'\n" + table.summary)
        }
        XCTAssertFalse(table.stdout.contains("accept_stat__"), "sampler columns should not be summarised")

        let json = try CLIRunner.run(["summary", run.output.path, "--json"], in: run.directory)
        json.assertSuccess()
        let rows = try summaries(fromJSON: json.stdout)
        XCTAssertEqual(rows.count, 1 + 2 + 8 + 8, "lp__, mu, tau, theta_tilde, theta")
        let mu = try XCTUnwrap(rows["mu"], "no mu in \(json.stdout.prefix(500))")
        let mean = try XCTUnwrap(mu["mean"] as? Double)
        let sd = try XCTUnwrap(mu["sd"] as? Double)
        XCTAssertTrue(mean.isFinite && sd > 0, "mu: \(mu)")
        // The posterior of mu in eight schools is centred near 4.4 with sd near 3.3; 400 draws put the
        // mean well within ±5 of it whatever the seed.
        XCTAssertEqual(mean, 4.4, accuracy: 5)
        let tau = try XCTUnwrap(rows["tau"]?["q5"] as? Double)
        XCTAssertGreaterThan(tau, 0)

        // The table and the JSON agree with a summary of the same files computed here.
        let files = try CLIFixtures.csvFiles(in: run.output).map { try StanCSVFile(contentsOf: $0) }
        let muDraws = files.flatMap { $0.column(named: "mu")! }
        XCTAssertEqual(mean, muDraws.reduce(0, +) / Double(muDraws.count), accuracy: 1e-9 * max(1, abs(mean)))
    }

    func testSummaryOfSingleFileArgument() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        let file = try XCTUnwrap(try CLIFixtures.csvFiles(in: run.output).first)
        let result = try CLIRunner.run(["summary", file.path, "--json"], in: run.directory)
        result.assertSuccess()
        XCTAssertNotNil(try summaries(fromJSON: result.stdout)["theta.3"])
    }

    /// A killed run leaves `.partial` files; a chain with no draws is skipped and named, the others summarised.
    func testSummaryOfInterruptedFolderSkipsChainsWithoutDraws() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        let dir = try CLIFixtures.scratch(self, "summary-partial")
        let files = try CLIFixtures.csvFiles(in: run.output)
        XCTAssertEqual(files.count, 2)
        let full = try String(contentsOf: files[0], encoding: .utf8)
        try full.write(to: dir.appendingPathComponent("m_1.csv.partial"), atomically: true, encoding: .utf8)
        // Chain 2 was killed before its first draw: comments and the column line only.
        let headerOnly = full.split(separator: "\n", omittingEmptySubsequences: false)
            .prefix { $0.hasPrefix("#") }.joined(separator: "\n") + "\n" + CLIFixtures.nonCommentLines(full)[0] + "\n"
        try headerOnly.write(to: dir.appendingPathComponent("m_2.csv.partial"), atomically: true, encoding: .utf8)
        let result = try CLIRunner.run(["summary", dir.path], in: dir)
        result.assertSuccess()
        XCTAssertTrue(result.stdout.contains("skipped m_2.csv.partial (0 draws)"), result.summary)
        XCTAssertTrue(result.stdout.contains("Summarising 1 of 2 chains"), result.summary)
        XCTAssertTrue(result.stdout.contains("theta.3"), result.summary)
        let json = try CLIRunner.run(["summary", dir.path, "--json"], in: dir)
        json.assertSuccess()
        XCTAssertNotNil(try summaries(fromJSON: json.stdout)["mu"])
        XCTAssertTrue(json.stdout.contains("m_2.csv.partial (0 draws)"), json.summary)
    }

    /// A minimal file in CmdStan's format: configuration comments, column line, adaptation, draws, timing.
    func testSummaryOfHandWrittenCmdStanCSV() throws {
        let dir = try CLIFixtures.scratch(self, "summary")
        var lines = [
            "# stan_version_major = 2", "# stan_version_minor = 33", "# model = tiny_model",
            "# method = sample (Default)", "#   sample", "#     num_samples = 8", "#     num_warmup = 100",
            "#     save_warmup = 0 (Default)",
            "lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,a,b.1,b.2",
            "# Adaptation terminated", "# Step size = 0.8", "# Diagonal elements of inverse mass matrix:", "# 1, 1, 1",
        ]
        let a = [1.0, 2, 3, 4, 5, 6, 7, 8]
        for (i, x) in a.enumerated() {
            let divergent = i == 2 ? 1 : 0
            lines.append("-\(i + 1).5,0.9,0.8,2,3,\(divergent),\(i + 2),\(x),\(10 * x),\(-x)")
        }
        lines += ["#", "#  Elapsed Time: 0.01 seconds (Warm-up)", "#                0.01 seconds (Sampling)",
                  "#                0.02 seconds (Total)", "#"]
        let path = try CLIFixtures.write(lines.joined(separator: "\n") + "\n", to: "tiny.csv", in: dir)

        let json = try CLIRunner.run(["summary", path, "--json"], in: dir)
        json.assertSuccess()
        let rows = try summaries(fromJSON: json.stdout)
        XCTAssertEqual(Set(rows.keys), ["lp__", "a", "b.1", "b.2"])
        XCTAssertEqual(try XCTUnwrap(rows["a"]?["mean"] as? Double), 4.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rows["b.1"]?["mean"] as? Double), 45, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rows["b.2"]?["mean"] as? Double), -4.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rows["lp__"]?["mean"] as? Double), -5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(rows["a"]?["sd"] as? Double), (42.0 / 7).squareRoot(), accuracy: 1e-12)
        let root = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(root?["divergences"] as? Int, 1)

        let table = try CLIRunner.run(["summary", path], in: dir)
        table.assertSuccess()
        for fragment in ["R_hat", "ESS_bulk", "Mean", "a", "b.1", "b.2", "Divergences: 1 of 8"] {
            XCTAssertTrue(table.stdout.contains(fragment), "table lacks '\(fragment)'\n" + table.summary)
        }
    }

    func testSummaryRejectsMissingPathAndTooFewDraws() throws {
        let dir = try CLIFixtures.scratch(self, "summary-bad")
        let missing = dir.appendingPathComponent("nowhere").path
        try CLIRunner.run(["summary", missing], in: dir).assertFailure(mentioning: [missing])
        try CLIRunner.run(["summary", dir.path], in: dir).assertFailure(mentioning: ["no CSV files"])
        let short = try CLIFixtures.write("lp__,x\n-1,0.5\n-2,0.7\n", to: "short.csv", in: dir)
        try CLIRunner.run(["summary", short], in: dir).assertFailure(mentioning: ["at least 4 draws"])
        let first = try CLIFixtures.write("lp__,x\n-1,1\n-2,2\n-3,3\n-4,4\n", to: "first.csv", in: dir)
        let other = try CLIFixtures.write("lp__,y\n-1,1\n-2,2\n-3,3\n-4,4\n", to: "other.csv", in: dir)
        try CLIRunner.run(["summary", first, other], in: dir).assertFailure(mentioning: ["other.csv", "columns"])
        let ragged = try CLIFixtures.write("lp__,x\n-1,1\n-2\n-3,3\n-4,4\n", to: "ragged.csv", in: dir)
        try CLIRunner.run(["summary", ragged], in: dir).assertFailure(mentioning: ["ragged.csv:3"])
    }
}
