// The CLI on the seed's Stan programs: check, sample and optimise them unchanged; report errors with carets.
import Foundation
import StrataOutput
import StrataTestSupport
import XCTest

final class StanProgramCommandTests: XCTestCase {
    private func model(_ name: String) -> String { SharedFiles.url("models/" + name).path }

    func testCheckAcceptsSeedProgramsAndTheirData() throws {
        let dir = try CLIFixtures.scratch(self, "check")
        let plain = try CLIRunner.run(["check", model("decay_seed.stan")], in: dir)
        plain.assertSuccess()
        XCTAssertTrue(plain.stdout.contains("syntax and types OK"), plain.summary)
        let withData = try CLIRunner.run(["check", model("decay_seed.stan"), "--data", CLIFixtures.data("decay_days.json")], in: dir)
        withData.assertSuccess()
        XCTAssertTrue(withData.stdout.contains("101 unconstrained parameters"), withData.summary)
    }

    func testCheckReportsErrorsWithFileLineColumnAndCaret() throws {
        let dir = try CLIFixtures.scratch(self, "check-bad")
        let path = try CLIFixtures.write("data { int N; }\nparameters { real mu; }\nmodel { mu ~ normal(0, sigmaa); }\n",
                                         to: "typo.stan", in: dir)
        let result = try CLIRunner.run(["check", path], in: dir)
        result.assertFailure(mentioning: ["typo.stan:3:24", "undeclared identifier 'sigmaa'", "^"])
        let wrongData = try CLIRunner.run(["check", model("decay.stan"), "--data", CLIFixtures.data("eight_schools.json")], in: dir)
        wrongData.assertFailure(mentioning: ["eight_schools.json", "N_widgets"])
    }

    func testSampleRunsDecaySeedUnchanged() throws {
        let dir = try CLIFixtures.scratch(self, "stan-sample")
        let data = try DataSet(contentsOf: URL(fileURLWithPath: CLIFixtures.data("decay_days.json")))
        let measured = try data.realArray("N_measured", count: 100).map { min(max($0, 0.1), 9.9) }
        let initText = "{\"alpha\": 0.002, \"N_initial\": [" + measured.map { "\($0)" }.joined(separator: ",") + "]}"
        let initPath = try CLIFixtures.write(initText, to: "init.json", in: dir)
        let result = try CLIRunner.run(["sample", model("decay_seed.stan"), "--data", CLIFixtures.data("decay_days.json"),
                                        "--init", initPath, "--chains", "2", "--warmup", "300", "--samples", "200",
                                        "--metric", "dense", "--output", dir.appendingPathComponent("out").path, "--quiet"], in: dir)
        result.assertSuccess()
        let files = try CLIFixtures.csvFiles(in: dir.appendingPathComponent("out"))
        XCTAssertEqual(files.count, 2)
        let csv = try StanCSVFile(contentsOf: files[0])
        XCTAssertEqual(csv.drawCount, 200)
        XCTAssertEqual(Array(csv.columnNames.dropFirst(7).prefix(3)), ["alpha", "N_initial.1", "N_initial.2"])
        let alpha = try XCTUnwrap(csv.column(named: "alpha"))
        XCTAssertTrue(alpha.allSatisfy { $0 > 0.03 && $0 < 0.07 }, "alpha stays near the posterior (truth 0.047)")
        XCTAssertTrue(result.stdout.contains("R_hat"), result.summary)
    }

    func testOptimizeEightSchoolsProgramConverges() throws {
        let dir = try CLIFixtures.scratch(self, "stan-optimize")
        let out = dir.appendingPathComponent("mode.json")
        let result = try CLIRunner.run(["optimize", model("eight_schools_noncentered.stan"), "--data",
                                        CLIFixtures.data("eight_schools.json"), "--jacobian", "--output", out.path], in: dir)
        result.assertSuccess()
        XCTAssertTrue(result.stdout.contains("Convergence detected"), result.summary)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        XCTAssertNotNil(json["theta.8"] as? Double)
    }
}

final class GeneratedQuantitiesFlagTests: XCTestCase {
    /// A program whose generated quantities use a feature Strata lacks (recursion deeper than 64 calls) is rejected
    /// with a pointer to the flag, and runs with `--no-generated-quantities`; `_rng` calls run.
    func testUnsupportedGeneratedQuantitiesCanBeSkipped() throws {
        let dir = try CLIFixtures.scratch(self, "gq")
        let program = """
        functions { int depth(int n) { if (n == 0) return 0; return 1 + depth(n - 1); } }
        data { int N; vector[N] y; }
        parameters { real mu; real<lower=0> sigma; }
        model { y ~ normal(mu, sigma); mu ~ normal(0, 10); sigma ~ exponential(1); }
        generated quantities { real y_rep = normal_rng(mu, sigma); int d = depth(100); }
        """
        let path = try CLIFixtures.write(program, to: "gq.stan", in: dir)
        let args = ["sample", path, "--data", CLIFixtures.data("pooling.json"), "--chains", "1", "--warmup", "100",
                    "--samples", "50", "--output", dir.appendingPathComponent("out").path, "--quiet"]
        let rejected = try CLIRunner.run(args, in: dir)
        rejected.assertFailure(mentioning: ["gq.stan:1:", "recursion deeper than 64 calls", "--no-generated-quantities"])
        let skipped = try CLIRunner.run(args + ["--no-generated-quantities"], in: dir)
        skipped.assertSuccess()
        XCTAssertTrue(skipped.stdout.contains("sigma"), skipped.summary)
        _ = try CLIFixtures.write(program.replacingOccurrences(of: " int d = depth(100);", with: ""), to: "gq.stan", in: dir)
        let predictive = try CLIRunner.run(args, in: dir)
        predictive.assertSuccess()
        XCTAssertTrue(predictive.stdout.contains("y_rep"), predictive.summary)
    }
}
