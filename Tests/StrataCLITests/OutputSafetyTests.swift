// Output and resource safety through the binary: locked output folders, CSVs renamed when complete, memory refused up front, per-chain timing.
import Foundation
import StrataOutput
import StrataTestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class OutputSafetyTests: XCTestCase {
    private let eightSchools = ["builtin:eight_schools_noncentered", "--data", CLIFixtures.data("eight_schools.json")]

    /// A second run into a folder that a running run holds fails at once (exit 75) and leaves the
    /// first run's files alone; the running run's CSVs carry a temporary name until they are complete.
    func testSecondRunIntoALockedFolderFailsBeforeSampling() throws {
        let dir = try CLIFixtures.scratch(self, "lock")
        let output = dir.appendingPathComponent("out")
        let long = try CLIRunner.start(["sample"] + eightSchools + ["--chains", "2", "--threads", "2", "--samples", "150000",
                                                                   "--thin", "50", "--quiet", "--output", output.path],
                                       directory: dir)
        let partial = output.appendingPathComponent("eight_schools_noncentered_1.csv.partial")
        let deadline = Date().addingTimeInterval(30)
        while long.process.isRunning && Date() < deadline && CLIFixtures.completeDrawLineCount(of: partial) < 1 { usleep(10_000) }
        guard long.process.isRunning else {
            return XCTFail("the long run ended before the test could start the second one\n" + (try long.wait(timeout: 1)).summary)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("eight_schools_noncentered_1.csv").path),
                       "the CSV has its final name before it is complete")
        let second = try CLIRunner.run(["sample"] + eightSchools + ["--chains", "2", "--quiet", "--output", output.path], in: dir)
        second.assertFailure(status: 75, mentioning: ["output folder", output.path, "in use", "\(long.process.processIdentifier)"])
        let first = try long.wait(timeout: 120)
        first.assertSuccess()
        for chain in 1...2 {
            let url = output.appendingPathComponent("eight_schools_noncentered_\(chain).csv")
            let csv = try StanCSVFile(contentsOf: url)
            XCTAssertEqual(csv.drawCount, 3000, url.lastPathComponent)
            XCTAssertFalse(csv.droppedIncompleteLastLine)
            XCTAssertNotNil(csv.timing)
            XCTAssertFalse(FileManager.default.fileExists(atPath: url.path + ".partial"))
        }
    }

    func testOutputFolderThatIsAFileIsNamed() throws {
        let dir = try CLIFixtures.scratch(self, "outfile")
        let file = try CLIFixtures.write("x", to: "taken", in: dir)
        try CLIRunner.run(["sample"] + eightSchools + ["--quiet", "--output", file + "/sub"], in: dir)
            .assertFailure(status: 73, mentioning: ["output folder", "taken", "is a file, not a folder"])
        try CLIRunner.run(["sample"] + eightSchools + ["--quiet", "--output", file], in: dir)
            .assertFailure(status: 73, mentioning: ["taken", "is not a folder"])
    }

    /// Output files of optimize and graph that cannot be written name the path and the reason (not a raw NSError dump).
    func testUnwritableOutputFilesAreNamed() throws {
        let dir = try CLIFixtures.scratch(self, "outfile2")
        let file = try CLIFixtures.write("x", to: "taken", in: dir)
        let optimize = try CLIRunner.run(["optimize"] + eightSchools + ["--output", file + "/mode.json"], in: dir)
        optimize.assertFailure(status: 73, mentioning: ["taken", "cannot write"])
        XCTAssertFalse(optimize.stderr.contains("NSCocoaErrorDomain"), optimize.summary)
        let graph = try CLIRunner.run(["graph", SharedFiles.url("models/decay.stan").path, "--output", file + "/g.svg"], in: dir)
        graph.assertFailure(status: 73, mentioning: ["taken", "cannot write"])
        XCTAssertFalse(graph.stderr.contains("NSCocoaErrorDomain"), graph.summary)
    }

    /// Runs whose draws cannot fit in memory are refused before anything is allocated (they used to abort).
    func testRunsTooLargeForTheMachineAreRefused() throws {
        let dir = try CLIFixtures.scratch(self, "memory")
        for extra in [["--samples", "2000000000"], ["--chains", "2147483647"]] {
            try CLIRunner.run(["sample"] + eightSchools + extra + ["--quiet", "--output", dir.path + "/out"], in: dir, timeout: 30)
                .assertFailure(status: 69, mentioning: ["needs", "GiB; the machine has"])
        }
        let stan = try CLIFixtures.write("transformed data { matrix[200000, 200000] K = rep_matrix(0, 200000, 200000); }\n"
                                         + "parameters { real mu; }\nmodel { mu ~ normal(0, 1); }\n", to: "huge.stan", in: dir)
        try CLIRunner.run(["sample", stan, "--quiet", "--output", dir.path + "/out"], in: dir, timeout: 30)
            .assertFailure(status: 65, mentioning: ["huge.stan:1:", "'K'", "needs", "the machine has"])
    }

    /// Data nested 30,000 deep used to overflow the stack (SIGSEGV).
    func testDeeplyNestedDataIsAnErrorNotACrash() throws {
        let dir = try CLIFixtures.scratch(self, "deep")
        let depth = 30_000
        let path = try CLIFixtures.write("{\"J\": " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}",
                                         to: "deep.json", in: dir)
        try CLIRunner.run(["sample", "builtin:eight_schools_noncentered", "--data", path, "--quiet"], in: dir)
            .assertFailure(status: 65, mentioning: ["deep.json:1:", "'J'", "nested more than"])
    }

    /// Each chain's timing block covers only that chain: with one thread the second chain waits for the
    /// first, so the chains' totals add up to about the run's time (they used to each equal the whole run).
    func testTimingBlockIsPerChain() throws {
        let dir = try CLIFixtures.scratch(self, "timing")
        let output = dir.appendingPathComponent("out")
        let started = Date()
        try CLIRunner.run(["sample"] + eightSchools + ["--chains", "2", "--threads", "1", "--samples", "60000", "--thin", "60",
                                                     "--quiet", "--output", output.path], in: dir, timeout: 120).assertSuccess()
        let wall = Date().timeIntervalSince(started)
        let timings = try (1...2).map { chain -> SamplingTiming in
            try XCTUnwrap(StanCSVFile(contentsOf: output.appendingPathComponent("eight_schools_noncentered_\(chain).csv")).timing)
        }
        let totals = timings.map { $0.warmupSeconds + $0.samplingSeconds }
        XCTAssertTrue(totals.allSatisfy { $0 > 0 }, "\(timings)")
        XCTAssertLessThan(totals.reduce(0, +), wall * 1.05, "per-chain totals \(totals) vs the run's \(wall) s")
        XCTAssertLessThan(totals.max()!, 0.8 * totals.reduce(0, +), "one chain's total includes the other's: \(totals)")
    }

    /// Documented exit codes and clear messages for common mistakes.
    func testExitCodesAndMessages() throws {
        let dir = try CLIFixtures.scratch(self, "codes")
        try CLIRunner.run(["sample"] + eightSchools + ["--chains", "-2", "--quiet"], in: dir)
            .assertFailure(status: 64, mentioning: ["--chains", "-2"])
        try CLIRunner.run(["sample", "builtin:eight_schools_noncentered", "--data", dir.path, "--quiet"], in: dir)
            .assertFailure(status: 66, mentioning: [dir.lastPathComponent, "is a folder"])
        try CLIRunner.run(["sample", "builtin:eight_schools_noncentered", "--data", dir.path + "/none.json", "--quiet"], in: dir)
            .assertFailure(status: 66, mentioning: ["none.json", "no such file"])
        try CLIRunner.run(["check", dir.path], in: dir).assertFailure(status: 66, mentioning: [dir.path, "is a folder"])
        let overflow = try CLIFixtures.write("transformed data { int a = 2147483647; int b = a * 2; }\n"
                                             + "parameters { real mu; }\nmodel { mu ~ normal(0, 1); }\n", to: "overflow.stan", in: dir)
        try CLIRunner.run(["sample", overflow, "--quiet", "--output", dir.path + "/o"], in: dir)
            .assertFailure(status: 65, mentioning: ["overflow.stan:1:", "integer overflow", "4294967294"])
        let endless = try CLIFixtures.write("transformed data { int i = 0; while (1) { i += 1; } }\n"
                                            + "parameters { real mu; }\nmodel { mu ~ normal(0, 1); }\n", to: "endless.stan", in: dir)
        try CLIRunner.run(["sample", endless, "--quiet", "--output", dir.path + "/o"], in: dir)
            .assertFailure(status: 65, mentioning: ["endless.stan:1:31", "does its condition ever become false"])
        let bad = try CLIFixtures.write("parameters { real mu; }\nmodel { mu ~ normal(0, sigma); }\n", to: "bad.stan", in: dir)
        let check = try CLIRunner.run(["check", bad], in: dir)
        check.assertFailure(status: 65, mentioning: ["bad.stan:2:", "sigma"])
        XCTAssertTrue(check.stderr.hasSuffix("\n"), check.summary)
        let help = try CLIRunner.run(["--help"], in: dir)
        for code in ["64", "65", "66", "69", "70", "73", "75", "130"] {
            XCTAssertTrue(help.stdout.contains("  \(code)  "), "--help does not list exit code \(code)\n" + help.summary)
        }
    }
}
