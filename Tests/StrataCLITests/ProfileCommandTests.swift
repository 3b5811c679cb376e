// `strata profile`, `strata bench` and profile.csv from `strata sample`, end to end through the binary.
import Foundation
import StrataOutput
import StrataTestSupport
import XCTest

final class ProfileCommandTests: XCTestCase {
    private func model(_ name: String) -> String { SharedFiles.url("models/" + name).path }

    func testProfileRanksStatementsAndAnnotatesTheProgram() throws {
        let dir = try CLIFixtures.scratch(self, "profile")
        let args = ["profile", model("decay_seed.stan"), "--data", CLIFixtures.data("decay_days.json"), "--evaluations", "5"]
        let json = try CLIRunner.run(args + ["--json"], in: dir)
        json.assertSuccess()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], json.summary)
        let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
        let locations = rows.compactMap { $0["location"] as? String }
        XCTAssertTrue(locations.contains("decay_seed.stan:21"), "\(locations)")
        XCTAssertTrue(locations.contains("decay_seed.stan:17"), "\(locations)")
        // alpha's negation (1) and the fused normal (100): the product N_initial .* exp(-alpha * dt), the exp and
        // -alpha * dt run inside the fused node (AffineLocationOp), so they are not counted as nodes of their own.
        XCTAssertEqual(rows.first { $0["location"] as? String == "decay_seed.stan:21" }?["elements"] as? Int, 100 + 1)
        XCTAssertEqual(rows.first { $0["location"] as? String == "decay_seed.stan:21" }?["reverseInForward"] as? Bool, true)
        XCTAssertEqual(object["evaluations"] as? Int, 5)
        let annotated = try CLIRunner.run(args + ["--annotate"], in: dir)
        annotated.assertSuccess()
        XCTAssertTrue(annotated.stdout.contains("  21 |     N_measured[i] ~ normal("), annotated.summary)
        let table = try CLIRunner.run(args + ["--operations"], in: dir)
        table.assertSuccess()
        XCTAssertTrue(table.stdout.contains("LowerUpperBoundOp"), table.summary)
        XCTAssertTrue(table.stdout.contains("* a fused node"), table.summary)
    }

    /// `--marginalise` profiles what `strata sample` runs by default: N_initial integrated out, so its transform
    /// (decay.stan:11) is gone and the likelihood statement holds the marginal node.
    func testProfileMarginalisedProgramAsSampleRunsIt() throws {
        let dir = try CLIFixtures.scratch(self, "profile-marginal")
        let args = ["profile", model("decay.stan"), "--data", CLIFixtures.data("decay_days.json"), "--evaluations", "5", "--json"]
        func locationsAndKinds(_ extra: [String]) throws -> (Set<String>, Set<String>, String) {
            let run = try CLIRunner.run(args + extra, in: dir)
            run.assertSuccess()
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], run.summary)
            let rows = try XCTUnwrap(object["rows"] as? [[String: Any]])
            let ops = try XCTUnwrap(object["operations"] as? [[String: Any]])
            return (Set(rows.compactMap { $0["location"] as? String }), Set(ops.compactMap { $0["kind"] as? String }), run.stderr)
        }
        let (joint, jointKinds, _) = try locationsAndKinds([])
        XCTAssertTrue(joint.contains("decay.stan:11"), "\(joint)")
        XCTAssertFalse(jointKinds.contains("MarginalNormalFlatLpdfOp"), "\(jointKinds)")
        let (marginal, marginalKinds, messages) = try locationsAndKinds(["--marginalise"])
        XCTAssertFalse(marginal.contains("decay.stan:11"), "\(marginal)")
        XCTAssertTrue(marginal.contains("decay.stan:14"), "\(marginal)")
        XCTAssertTrue(marginalKinds.contains("MarginalNormalFlatLpdfOp"), "\(marginalKinds)")
        XCTAssertTrue(messages.contains("integrated out: N_initial"), messages)
    }

    func testBenchComparesTwoProgramsAndRejectsBadOptions() throws {
        let dir = try CLIFixtures.scratch(self, "bench")
        let result = try CLIRunner.run(["bench", model("decay_seed.stan"), "--data", CLIFixtures.data("decay_days.json"),
                                        "--compare", model("decay.stan"), "--rounds", "2", "--seconds", "0.05"], in: dir)
        result.assertSuccess()
        XCTAssertTrue(result.stdout.contains("decay_seed.stan / decay.stan: gradient"), result.summary)
        let bad = try CLIRunner.run(["bench", model("decay.stan"), "--data", CLIFixtures.data("decay_days.json"), "--rounds", "0"], in: dir)
        bad.assertFailure(mentioning: ["--rounds"])
        let missing = try CLIRunner.run(["profile", dir.appendingPathComponent("nope.stan").path], in: dir)
        missing.assertFailure(mentioning: ["nope.stan"])
        XCTAssertEqual(missing.status, 66, missing.summary)
    }

    /// With the allocation counter preloaded, every row of `strata bench` reports allocations per gradient, also
    /// when several thread counts are timed side by side (which printed "-" before).
    func testBenchReportsAllocationsForEveryRowWhenTheCounterIsPreloaded() throws {
        let dir = try CLIFixtures.scratch(self, "bench-allocations")
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/CStrataAllocationCounter/allocation_counter.c")
        let library = dir.appendingPathComponent("libcounter.so")
        let compiler = ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang", "/opt/swift/usr/bin/clang"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let compiler else { throw XCTSkip("no C compiler to build the allocation counter") }
        let build = try CLIRunner.start(["-shared", "-fPIC", "-O2", source.path, "-o", library.path], directory: dir,
                                        program: URL(fileURLWithPath: compiler)).wait(timeout: 60)
        build.assertSuccess()
        let result = try CLIRunner.start(["bench", model("decay.stan"), "--data", CLIFixtures.data("decay_days.json"),
                                          "--threads-per-chain", "1,2", "--rounds", "1", "--seconds", "0.05"],
                                         directory: dir, environment: ["LD_PRELOAD": library.path]).wait(timeout: 120)
        result.assertSuccess()
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("decay.stan T=") }
        XCTAssertEqual(rows.count, 2, result.summary)
        for row in rows {
            let allocations = row.split(separator: " ").last.map(String.init) ?? ""
            XCTAssertNotNil(Double(allocations), "allocations column of '\(row)'")
        }
    }

    func testBenchEvaluatesAtAGivenUnconstrainedPointAndReportsItsGradient() throws {
        let dir = try CLIFixtures.scratch(self, "bench-point")
        let source = "parameters { real mu; real<lower=0> sigma; } model { mu ~ normal(1, 2); sigma ~ exponential(1); }"
        let path = try CLIFixtures.write(source, to: "point.stan", in: dir)
        let point = try CLIFixtures.write("[0.5, -0.25]", to: "point.json", in: dir)
        let result = try CLIRunner.run(["bench", path, "--unconstrained", point, "--rounds", "1", "--seconds", "0.01", "--json"], in: dir)
        result.assertSuccess()
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], result.summary)
        let at = try XCTUnwrap(rows.first?["at"] as? [String: Any], result.summary)
        XCTAssertEqual(at["point"] as? [Double], [0.5, -0.25])
        // mu ~ normal(1, 2) and sigma = exp(-0.25) ~ exponential(1) with the log-Jacobian -0.25, constants dropped.
        let sigma = exp(-0.25)
        let lp = try XCTUnwrap(at["logDensity"] as? Double)
        XCTAssertEqual(lp, -0.5 * 0.25 / 4 - sigma - 0.25, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(at["logDensityWithoutJacobian"] as? Double), lp + 0.25, accuracy: 1e-12)
        let parameters = try XCTUnwrap(at["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.map { $0["name"] as? String }, ["mu", "sigma"])
        XCTAssertEqual(try XCTUnwrap(parameters[1]["values"] as? [Double])[0], sigma, accuracy: 1e-15)
        let gradient = try XCTUnwrap(at["gradient"] as? [Double])
        XCTAssertEqual(gradient[0], 0.5 / 4, accuracy: 1e-12)
        XCTAssertEqual(gradient[1], -sigma + 1, accuracy: 1e-12)
        let short = try CLIFixtures.write("[0.5]", to: "short.json", in: dir)
        try CLIRunner.run(["bench", path, "--unconstrained", short], in: dir).assertFailure(mentioning: ["short.json", "2 unconstrained"])
        try CLIRunner.run(["bench", path, "--unconstrained", point, "--init", point], in: dir).assertFailure(mentioning: ["--unconstrained"])
    }

    func testSampleWritesProfileCSVForProgramsWithProfileBlocks() throws {
        let dir = try CLIFixtures.scratch(self, "profile-sample")
        let source = """
        data { int N; vector[N] y; }
        parameters { real mu; real<lower=0> sigma; }
        model {
          profile("priors") { mu ~ normal(0, 10); sigma ~ exponential(1); }
          profile("likelihood") { y ~ normal(mu, sigma); }
        }
        """
        let path = try CLIFixtures.write(source, to: "profiled.stan", in: dir)
        let data = try CLIFixtures.write("{\"N\": 4, \"y\": [0.5, 1.5, 1.0, 2.0]}", to: "data.json", in: dir)
        let out = dir.appendingPathComponent("out")
        let result = try CLIRunner.run(["sample", path, "--data", data, "--chains", "2", "--warmup", "100", "--samples", "100",
                                        "--output", out.path, "--quiet"], in: dir)
        result.assertSuccess()
        let records = try ProfileCSV.read(out.appendingPathComponent("profile.csv"))
        XCTAssertEqual(Set(records.map(\.name)), ["priors", "likelihood"])
        XCTAssertTrue(records.allSatisfy { $0.autodiffCalls > 0 && $0.totalTime > 0 }, "\(records)")
    }
}
