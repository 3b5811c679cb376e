// Chains split over processes (`--chain-ids`, `--first-chain`, the SLURM array example) equal one run; `summary` merges them.
import Foundation
import XCTest

final class SplitChainsCommandTests: XCTestCase {
    private let run = ["--warmup", "150", "--samples", "150", "--seed", "9", "--quiet"]

    private func sample(_ extra: [String], output: URL, in dir: URL) throws {
        try CLIRunner.run(["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"), "--output", output.path]
                          + run + extra, in: dir, timeout: 120).assertSuccess()
    }

    /// Draw rows and adaptation block of a chain's CSV (the header differs: num_chains, start time).
    private func body(_ url: URL) throws -> String {
        let text = try String(contentsOf: url, encoding: .utf8)
        let start = try XCTUnwrap(text.range(of: "\nlp__,"), url.lastPathComponent).lowerBound
        let end = text.range(of: "#\n#  Elapsed Time:", options: .backwards)?.lowerBound ?? text.endIndex
        return String(text[start..<end])
    }

    private func assertSameChains(_ single: URL, _ pieces: [URL], file: StaticString = #filePath, line: UInt = #line) throws {
        let split = try pieces.flatMap { try CLIFixtures.csvFiles(in: $0) }
        XCTAssertEqual(split.map(\.lastPathComponent), ["decay_1.csv", "decay_2.csv", "decay_3.csv", "decay_4.csv"],
                       file: file, line: line)
        for url in split {
            let expected = try body(single.appendingPathComponent(url.lastPathComponent))
            XCTAssertTrue(try body(url) == expected, "\(url.path) differs from the single run's", file: file, line: line)
        }
    }

    func testChainsSplitOverProcessesEqualOneRunAndMergeInSummary() throws {
        let dir = try CLIFixtures.scratch(self, "split")
        let single = dir.appendingPathComponent("single"), a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        try sample(["--chains", "4"], output: single, in: dir)
        try sample(["--chain-ids", "1-2"], output: a, in: dir)
        try sample(["--first-chain", "3", "--chains", "2"], output: b, in: dir)
        try assertSameChains(single, [a, b])

        let merged = try CLIRunner.run(["summary", a.path, b.path], in: dir)
        merged.assertSuccess()
        let reference = try CLIRunner.run(["summary", single.path], in: dir)
        XCTAssertEqual(merged.stdout, reference.stdout, "the merged summary must equal the single run's")
        let json = try CLIRunner.run(["summary", "--json", a.path, b.path], in: dir)
        XCTAssertEqual(json.stdout, try CLIRunner.run(["summary", "--json", single.path], in: dir).stdout)

        // Pieces of different runs, or a chain given twice, are refused.
        let other = dir.appendingPathComponent("other")
        try CLIRunner.run(["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"), "--output", other.path,
                           "--chain-ids", "3-4", "--warmup", "150", "--samples", "150", "--seed", "10", "--quiet"],
                          in: dir, timeout: 120).assertSuccess()
        try CLIRunner.run(["summary", a.path, other.path], in: dir)
            .assertFailure(status: 65, mentioning: ["different runs", "settings"])
        try CLIRunner.run(["summary", a.path, a.path], in: dir).assertFailure(status: 65, mentioning: ["appears twice"])
    }

    func testSlurmArrayExampleRunsItsChainsLocally() throws {
        let dir = try CLIFixtures.scratch(self, "slurm")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("examples/slurm/strata-array.sh").path
        let runs = dir.appendingPathComponent("runs")
        for task in 0...1 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [script] + run
            process.currentDirectoryURL = dir
            var environment = ProcessInfo.processInfo.environment
            environment["SLURM_ARRAY_TASK_ID"] = "\(task)"
            environment["CHAINS_PER_TASK"] = "2"
            environment["STRATA"] = try CLIRunner.executable().path
            environment["MODEL"] = "builtin:decay"
            environment["DATA"] = CLIFixtures.data("decay_days.json")
            environment["SEED"] = "9"
            environment["OUT"] = runs.path
            environment.removeValue(forKey: "SLURM_JOB_ID")
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0, "array task \(task)")
        }
        let single = dir.appendingPathComponent("single")
        try sample(["--chains", "4"], output: single, in: dir)
        try assertSameChains(single, [runs.appendingPathComponent("chains_1-2"), runs.appendingPathComponent("chains_3-4")])
        let merged = try CLIRunner.run(["summary", runs.appendingPathComponent("chains_1-2").path,
                                        runs.appendingPathComponent("chains_3-4").path], in: dir)
        XCTAssertEqual(merged.stdout, try CLIRunner.run(["summary", single.path], in: dir).stdout)
    }
}
