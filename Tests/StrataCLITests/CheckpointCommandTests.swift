// `strata sample --checkpoint/--resume`: a run killed by SIGTERM (in warmup or sampling) and resumed writes the same CSVs.
import Foundation
import StrataOutput
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class CheckpointCommandTests: XCTestCase {
    private func arguments(_ output: URL, warmup: Int, samples: Int, seed: Int = 3) -> [String] {
        ["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"), "--chains", "2", "--threads", "2",
         "--warmup", "\(warmup)", "--samples", "\(samples)", "--seed", "\(seed)", "--output", output.path]
    }

    /// A CSV's text without what differs between runs by nature: the `start_datetime` line and the final
    /// `Elapsed Time` block. Everything else (header, adaptation block, every draw) must be the same bytes.
    private func comparable(_ url: URL) throws -> String {
        var text = try String(contentsOf: url, encoding: .utf8)
        if let timing = text.range(of: "#\n#  Elapsed Time:", options: .backwards) { text = String(text[..<timing.lowerBound]) }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# start_datetime") }.joined(separator: "\n")
    }

    /// Runs uninterrupted, then runs with `--checkpoint`, sends SIGTERM when `ready` says so, checks the
    /// stop (exit 85, `.partial` files, the phase the files show), resumes, and compares the CSVs.
    private func killAndResume(warmup: Int, samples: Int, duringWarmup: Bool,
                               ready: (_ partials: [URL], _ stderr: URL) -> Bool) throws {
        let dir = try CLIFixtures.scratch(self, "checkpoint")
        let reference = dir.appendingPathComponent("reference"), output = dir.appendingPathComponent("out")
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        try CLIRunner.run(arguments(reference, warmup: warmup, samples: samples) + ["--quiet"], in: dir, timeout: 120)
            .assertSuccess()

        let args = arguments(output, warmup: warmup, samples: samples)
        let running = try CLIRunner.start(args + ["--checkpoint", checkpoint, "--progress", "json"], directory: dir)
        let partials = (1...2).map { output.appendingPathComponent("decay_\($0).csv.partial") }
        let deadline = Date().addingTimeInterval(60)
        while running.process.isRunning && Date() < deadline && !ready(partials, running.stderrURL) { usleep(5_000) }
        guard running.process.isRunning else {
            return XCTFail("strata ended before it could be stopped\n" + (try running.wait(timeout: 1)).summary)
        }
        kill(running.process.processIdentifier, SIGTERM)
        let stopped = try running.wait(timeout: 60)
        XCTAssertEqual(stopped.status, 85, "a run stopped with --checkpoint exits 85\n" + stopped.summary)
        XCTAssertTrue(stopped.stderr.contains("checkpoint written to"), stopped.summary)
        XCTAssertTrue(FileManager.default.fileExists(atPath: checkpoint), "no checkpoint file\n" + stopped.summary)
        let texts = try partials.map { try String(contentsOf: $0, encoding: .utf8) }
        if duringWarmup {
            XCTAssertTrue(texts.allSatisfy { !$0.contains("Adaptation terminated") }, "the stop was meant to fall in warmup")
        } else {
            XCTAssertTrue(texts.allSatisfy { $0.contains("Adaptation terminated") }, "the stop was meant to fall in sampling")
            for p in partials { XCTAssertLessThan(CLIFixtures.completeDrawLineCount(of: p), samples, "the run was not cut short") }
        }

        let resumed = try CLIRunner.run(args + ["--resume", checkpoint, "--quiet"], in: dir, timeout: 120)
        resumed.assertSuccess()
        XCTAssertFalse(FileManager.default.fileExists(atPath: checkpoint), "a finished run removes its checkpoint")
        for c in 1...2 {
            let expected = try comparable(reference.appendingPathComponent("decay_\(c).csv"))
            let actual = try comparable(output.appendingPathComponent("decay_\(c).csv"))
            XCTAssertEqual(CLIFixtures.nonCommentLines(actual).count, samples + 1, "chain \(c): draw count")
            XCTAssertTrue(expected == actual, "chain \(c): the resumed CSV differs from the uninterrupted run's")
            let timing = try XCTUnwrap(StanCSVFile(contentsOf: output.appendingPathComponent("decay_\(c).csv")).timing)
            XCTAssertGreaterThan(timing.warmupSeconds, 0)
        }
        // The summary of the resumed run is the uninterrupted run's (it is computed from the files).
        let a = try CLIRunner.run(["summary", reference.path], in: dir), b = try CLIRunner.run(["summary", output.path], in: dir)
        XCTAssertEqual(a.stdout, b.stdout)
    }

    func testSIGTERMDuringWarmupThenResumeGivesTheSameCSVs() throws {
        // Stop as soon as each chain has reported its first warmup iteration (warmup takes seconds).
        try killAndResume(warmup: 3000, samples: 200, duringWarmup: true) { _, stderr in
            let text = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            return text.contains("\"chain\":1,") && text.contains("\"chain\":2,")
        }
    }

    func testSIGTERMDuringSamplingThenResumeGivesTheSameCSVs() throws {
        try killAndResume(warmup: 150, samples: 4000, duringWarmup: false) { partials, _ in
            partials.allSatisfy { CLIFixtures.completeDrawLineCount(of: $0) > 5 }
        }
    }

    func testResumeRefusesAnotherRunsCheckpoint() throws {
        let dir = try CLIFixtures.scratch(self, "checkpoint")
        let output = dir.appendingPathComponent("out"), checkpoint = dir.appendingPathComponent("c.ckpt").path
        // Stop a run early to get a checkpoint, then resume it with other settings, other chains, or none. (The run is
        // long so that it is still running when the test, descheduled on a loaded machine, sends SIGTERM.)
        let running = try CLIRunner.start(arguments(output, warmup: 200_000, samples: 100) + ["--checkpoint", checkpoint],
                                          directory: dir)
        let partial = output.appendingPathComponent("decay_2.csv.partial")
        let deadline = Date().addingTimeInterval(60)
        while running.process.isRunning && Date() < deadline && !FileManager.default.fileExists(atPath: partial.path) {
            usleep(5_000)
        }
        kill(running.process.processIdentifier, SIGTERM)
        XCTAssertEqual(try running.wait(timeout: 60).status, 85)
        let other = try CLIRunner.run(arguments(output, warmup: 200_000, samples: 100, seed: 4) + ["--resume", checkpoint],
                                      in: dir)
        other.assertFailure(status: 65, mentioning: ["c.ckpt", "belongs to another run", "settings"])
        let chains = try CLIRunner.run(arguments(output, warmup: 200_000, samples: 100) + ["--resume", checkpoint,
                                                                                          "--chain-ids", "2-3"], in: dir)
        chains.assertFailure(status: 65, mentioning: ["holds chains 1-2"])
        let missing = try CLIRunner.run(arguments(output, warmup: 200_000, samples: 100) + ["--resume", "nope.ckpt"], in: dir)
        missing.assertFailure(status: 66, mentioning: ["nope.ckpt"])
    }
}
