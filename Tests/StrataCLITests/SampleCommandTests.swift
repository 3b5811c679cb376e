// `strata sample`: the CSV files it writes (columns, header, adaptation, draws) and the printed summary.
import Foundation
import StrataOutput
import XCTest

final class SampleCommandTests: XCTestCase {
    private let samplerColumns = ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"]

    func testEightSchoolsRunSucceedsAndPrintsSummaryTable() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        let out = run.result.stdout
        for fragment in ["R_hat", "ESS_bulk", "Mean", "lp__", "mu", "tau", "theta.8", "Draws: 400 in 2 chains", "CSV files:"] {
            XCTAssertTrue(out.contains(fragment), "stdout lacks '\(fragment)'\n" + run.result.summary)
        }
        // The row for mu holds numbers, not placeholders.
        let muRow = out.split(separator: "\n").first { $0.split(separator: " ").first == "mu" }
        let fields = muRow.map { $0.split(separator: " ").dropFirst().compactMap { Double($0) } } ?? []
        XCTAssertEqual(fields.count, 9, "mu row: \(muRow ?? "missing")")
        XCTAssertTrue(fields.allSatisfy(\.isFinite), "mu row: \(muRow ?? "missing")")
    }

    func testEightSchoolsCSVFilesHaveColumnsHeaderAdaptationAndDraws() throws {
        let run = try EightSchoolsRun.shared()
        run.result.assertSuccess()
        let files = try CLIFixtures.csvFiles(in: run.output)
        XCTAssertEqual(files.map(\.lastPathComponent), ["eight_schools_noncentered_1.csv", "eight_schools_noncentered_2.csv"])
        let expectedColumns = samplerColumns + ["mu", "tau"] + (1...8).map { "theta_tilde.\($0)" } + (1...8).map { "theta.\($0)" }
        for (chain, url) in files.enumerated() {
            let csv = try StanCSVFile(contentsOf: url)
            let name = url.lastPathComponent
            XCTAssertEqual(csv.columnNames, expectedColumns, name)
            XCTAssertEqual(csv.drawCount, 200, name)
            XCTAssertFalse(csv.droppedIncompleteLastLine, name)
            XCTAssertTrue(csv.warmupColumns.allSatisfy(\.isEmpty), "\(name): warmup rows were saved")

            // Header comments, CmdStan style.
            XCTAssertEqual(csv.configurationValue("model"), "eight_schools_noncentered", name)
            XCTAssertEqual(csv.configurationValue("num_samples"), "200", name)
            XCTAssertEqual(csv.configurationValue("num_warmup"), "200", name)
            XCTAssertEqual(csv.configurationValue("num_chains"), "2", name)
            XCTAssertEqual(csv.configurationValue("id"), "\(chain + 1)", name)
            XCTAssertEqual(csv.configurationValue("random.seed"), EightSchoolsRun.seed, name)
            XCTAssertEqual(csv.configurationValue("data.file"), "eight_schools.json", name)
            XCTAssertEqual(csv.configurationValue("metric"), "diag_e", name)
            let text = try String(contentsOf: url, encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("# stan_version_major = "), name)

            // Adaptation block: a positive step size that every draw used, and a positive
            // diagonal inverse metric over the 10 unconstrained parameters.
            let adaptation = try XCTUnwrap(csv.adaptation, "\(name): no adaptation block")
            XCTAssertTrue(text.contains("# Adaptation terminated\n# Step size = "), name)
            XCTAssertTrue(adaptation.stepSize > 0 && adaptation.stepSize.isFinite, name)
            guard case let .diagonal(d) = adaptation.inverseMetric else {
                return XCTFail("\(name): expected a diagonal inverse metric, got \(adaptation.inverseMetric)")
            }
            XCTAssertEqual(d.count, 10, name)
            XCTAssertTrue(d.allSatisfy { $0 > 0 && $0.isFinite }, name)
            XCTAssertTrue(csv.column(named: "stepsize__")!.allSatisfy { $0 == adaptation.stepSize }, name)
            XCTAssertNotNil(csv.timing, "\(name): no Elapsed Time block")

            try checkDrawValues(csv)
        }
    }

    /// Sampler statistics in range, tau positive, theta = mu + tau * theta_tilde in every draw
    /// (which also checks that the columns carry the values their names say).
    private func checkDrawValues(_ csv: StanCSVFile) throws {
        let name = csv.fileName
        let col = { (n: String) throws -> [Double] in try XCTUnwrap(csv.column(named: n), "\(name): no column \(n)") }
        XCTAssertTrue(try col("accept_stat__").allSatisfy { $0 >= 0 && $0 <= 1 }, name)
        XCTAssertTrue(try col("treedepth__").allSatisfy { $0 >= 0 && $0 <= 10 && $0 == $0.rounded() }, name)
        XCTAssertTrue(try col("n_leapfrog__").allSatisfy { $0 >= 1 && $0 == $0.rounded() }, name)
        XCTAssertTrue(try col("divergent__").allSatisfy { $0 == 0 || $0 == 1 }, name)
        XCTAssertTrue(try col("lp__").allSatisfy(\.isFinite), name)
        let mu = try col("mu"), tau = try col("tau")
        XCTAssertTrue(tau.allSatisfy { $0 > 0 }, "\(name): tau must be positive")
        XCTAssertGreaterThan(Set(mu).count, 100, "\(name): mu barely moves")
        for j in 1...8 {
            let tilde = try col("theta_tilde.\(j)"), theta = try col("theta.\(j)")
            for i in 0..<csv.drawCount {
                let expected = mu[i] + tau[i] * tilde[i]
                XCTAssertEqual(theta[i], expected, accuracy: 1e-9 * max(1, abs(expected)), "\(name): theta.\(j), draw \(i + 1)")
            }
        }
    }

    func testChainsThinAndDenseMetricOptionsAreHonoured() throws {
        let dir = try CLIFixtures.scratch(self, "options")
        let out = dir.appendingPathComponent("out")
        let result = try CLIRunner.run(["sample", "builtin:eight_schools_noncentered", "--data", CLIFixtures.data("eight_schools.json"),
                                        "--chains", "3", "--warmup", "200", "--samples", "200", "--thin", "2",
                                        "--metric", "dense", "--adapt-delta", "0.9", "--threads", "2", "--quiet",
                                        "--output", out.path], in: dir)
        result.assertSuccess()
        let files = try CLIFixtures.csvFiles(in: out)
        XCTAssertEqual(files.count, 3)
        for url in files {
            let csv = try StanCSVFile(contentsOf: url)
            let name = url.lastPathComponent
            XCTAssertEqual(csv.drawCount, 100, "\(name): 200 iterations thinned by 2")
            XCTAssertEqual(csv.configurationValue("thin"), "2", name)
            XCTAssertEqual(csv.configurationValue("metric"), "dense_e", name)
            XCTAssertEqual(csv.configurationValue("delta").flatMap(Double.init), 0.9, name)
            guard case let .dense(rows)? = csv.adaptation?.inverseMetric else {
                return XCTFail("\(name): expected a dense inverse metric, got \(String(describing: csv.adaptation))")
            }
            XCTAssertEqual(rows.count, 10, name)
            for i in 0..<rows.count {
                XCTAssertEqual(rows[i].count, 10, name)
                XCTAssertGreaterThan(rows[i][i], 0, "\(name): diagonal element \(i + 1)")
                for j in 0..<min(i, rows[i].count) { XCTAssertEqual(rows[i][j], rows[j][i], "\(name): not symmetric at \(i + 1),\(j + 1)") }
            }
        }
    }

    func testSameSeedGivesIdenticalFilesAndThreadCountDoesNotMatter() throws {
        let shared = try EightSchoolsRun.shared()
        shared.result.assertSuccess()
        let dir = try CLIFixtures.scratch(self, "repro")
        func sample(_ label: String, seed: String, threads: String) throws -> [URL] {
            var args = EightSchoolsRun.arguments
            args[args.firstIndex(of: "--seed")! + 1] = seed
            args[args.firstIndex(of: "--threads")! + 1] = threads
            let out = dir.appendingPathComponent(label)
            try CLIRunner.run(args + ["--output", out.path], in: dir).assertSuccess()
            return try CLIFixtures.csvFiles(in: out)
        }
        let again = try sample("again", seed: EightSchoolsRun.seed, threads: "2")
        let oneThread = try sample("one-thread", seed: EightSchoolsRun.seed, threads: "1")
        let otherSeed = try sample("other-seed", seed: "7", threads: "2")
        let reference = try CLIFixtures.csvFiles(in: shared.output)
        XCTAssertEqual(reference.count, 2)
        for files in [again, oneThread, otherSeed] { XCTAssertEqual(files.count, 2) }
        for chain in 0..<min(2, reference.count) {
            let ref = try stableText(reference[chain])
            XCTAssertEqual(try stableText(again[chain]), ref, "same seed, chain \(chain + 1): files differ")
            XCTAssertEqual(try stableText(oneThread[chain]), ref, "--threads 1 vs 2, chain \(chain + 1): files differ")
            let refDraws = CLIFixtures.nonCommentLines(ref).dropFirst()
            let otherDraws = CLIFixtures.nonCommentLines(try stableText(otherSeed[chain])).dropFirst()
            XCTAssertEqual(refDraws.count, 200)
            XCTAssertNotEqual(Array(otherDraws), Array(refDraws), "a different seed gave the same draws")
        }
        XCTAssertNotEqual(try stableText(reference[0]), try stableText(reference[1]), "the two chains are identical")
    }

    /// The file text without the lines that depend on the clock (start date, elapsed time).
    private func stableText(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !($0.hasPrefix("#") && ($0.contains("start_datetime") || $0.contains(" seconds ("))) }
            .joined(separator: "\n")
    }
}
