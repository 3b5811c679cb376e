// `mpirun -n 2 strata-mpi sample` writes the CSVs and summary of one `strata sample` process; bad input exits cleanly.
import Foundation
import StrataCLI
import StrataTestSupport
import XCTest

final class MPISampleCommandTests: XCTestCase {
    private let run = ["--data", CLIFixtures.data("decay_days.json"), "--warmup", "150", "--samples", "150", "--seed", "9", "--quiet"]
    private let model = SharedFiles.url("models/decay.stan").path

    /// mpirun and the strata-mpi binary (`bash scripts/build-mpi.sh`), or a skip saying which is missing.
    private func mpi() throws -> (mpirun: URL, strataMPI: String) {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        guard let mpirun = path.map({ URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw XCTSkip("MPI test skipped: mpirun is not installed (bash scripts/install-deps.sh --mpi)")
        }
        let binary = ProcessInfo.processInfo.environment["STRATA_MPI"]
            ?? SharedFiles.projectRoot.appendingPathComponent("mpi/.build/release/strata-mpi").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw XCTSkip("MPI test skipped: strata-mpi is not built at \(binary) (bash scripts/build-mpi.sh)")
        }
        return (mpirun, binary)
    }

    /// `mpirun --oversubscribe -n ranks strata-mpi arguments` (allowed to run as root, as in CI containers).
    private func mpirun(_ ranks: Int, _ arguments: [String], in dir: URL) throws -> CLIResult {
        let (mpirun, binary) = try mpi()
        return try CLIRunner.start(["--oversubscribe", "-n", "\(ranks)", binary] + arguments, directory: dir, program: mpirun,
                                   environment: ["OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"])
            .wait(timeout: 120)
    }

    /// A CSV's text without the two things that differ by nature between runs: start time and elapsed times.
    private func withoutTimes(_ url: URL) throws -> String {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# start_datetime") && !$0.contains("seconds (") }.joined(separator: "\n")
    }

    /// The printed summary without the elapsed time and the folder names.
    private func summaryLines(_ stdout: String) -> [Substring] {
        stdout.split(separator: "\n").filter { !$0.hasPrefix("Elapsed:") && !$0.hasPrefix("CSV files:") }
    }

    private func assertSameAsOneProcess(_ chains: [String], ranks: Int, expectedFiles: [String]) throws {
        _ = try mpi()
        let dir = try CLIFixtures.scratch(self, "mpi")
        let single = dir.appendingPathComponent("single"), spread = dir.appendingPathComponent("mpi")
        let reference = try CLIRunner.run(["sample", model] + run + chains + ["--output", single.path], in: dir, timeout: 120)
        reference.assertSuccess()
        let result = try mpirun(ranks, ["sample", model] + run + chains + ["--output", spread.path], in: dir)
        result.assertSuccess()
        let files = try CLIFixtures.csvFiles(in: spread)
        XCTAssertEqual(files.map(\.lastPathComponent), expectedFiles)
        for url in files {
            let expected = try withoutTimes(single.appendingPathComponent(url.lastPathComponent))
            XCTAssertTrue(try withoutTimes(url) == expected, "\(url.lastPathComponent) differs from the single process's")
            XCTAssertTrue(try String(contentsOf: url, encoding: .utf8).contains("seconds (Total)"), "timing block kept")
        }
        XCTAssertEqual(summaryLines(result.stdout), summaryLines(reference.stdout), "summary over all chains")
        XCTAssertFalse(summaryLines(result.stdout).isEmpty)
    }

    func testTwoRanksWriteTheFilesAndSummaryOfOneProcess() throws {
        try assertSameAsOneProcess(["--chains", "4"], ranks: 2,
                                   expectedFiles: ["decay_1.csv", "decay_2.csv", "decay_3.csv", "decay_4.csv"])
        // An uneven split of chains 2-4 of a larger run (rank 0 runs 2-3, rank 1 runs 4).
        try assertSameAsOneProcess(["--chain-ids", "2-4"], ranks: 2, expectedFiles: ["decay_2.csv", "decay_3.csv", "decay_4.csv"])
    }

    func testSlurmExampleRunsLocally() throws {
        let (mpirun, binary) = try mpi()
        let dir = try CLIFixtures.scratch(self, "mpi-slurm")
        let script = SharedFiles.projectRoot.appendingPathComponent("examples/slurm/strata-mpi.sh").path
        let result = try CLIRunner.start([script, "--chains", "3"] + Array(run.dropFirst(2)), directory: dir,
                                         program: URL(fileURLWithPath: "/bin/bash"),
                                         environment: ["STRATA_MPI": binary, "MODEL": model, "DATA": CLIFixtures.data("decay_days.json"),
                                                       "SLURM_NTASKS": "2", "OUT": dir.appendingPathComponent("run").path,
                                                       "PATH": mpirun.deletingLastPathComponent().path + ":/usr/bin:/bin",
                                                       "OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1"])
            .wait(timeout: 120)
        result.assertSuccess()
        XCTAssertEqual(try CLIFixtures.csvFiles(in: dir.appendingPathComponent("run")).map(\.lastPathComponent),
                       ["decay_1.csv", "decay_2.csv", "decay_3.csv"])
    }

    func testBadInputIsReportedOnceAndEveryRankExits() throws {
        let dir = try CLIFixtures.scratch(self, "mpi-bad")
        let output = ["--output", dir.appendingPathComponent("out").path]
        try mpirun(3, ["sample", model] + run + ["--chains", "2"] + output, in: dir)
            .assertFailure(status: 64, mentioning: ["3 MPI processes for 2 chains", "mpirun -n"])
        try mpirun(2, ["sample", model, "--data", "missing.json"] + output, in: dir)
            .assertFailure(status: 66, mentioning: ["missing.json"])
        let checkpoint = try mpirun(2, ["sample", model] + run + ["--checkpoint", "run.ckpt"] + output, in: dir)
        checkpoint.assertFailure(status: 64, mentioning: ["--checkpoint and --resume are not supported by strata-mpi"])
        XCTAssertEqual(checkpoint.stderr.components(separatedBy: "Error:").count, 2, "one rank reports the error")
        try mpirun(2, ["sample", model] + run + ["--output-format", "netcdf"] + output, in: dir)
            .assertFailure(status: 64, mentioning: ["--output-format netcdf is not supported by strata-mpi"])
        try mpirun(2, ["optimize", model], in: dir).assertFailure(status: 64, mentioning: ["expected `sample`"])
    }

    func testChainsSplitIntoContiguousBlocksFirstRanksLonger() throws {
        XCTAssertEqual(try SplitSampleCommand.partition(1...5, ranks: 2), [1...3, 4...5])
        XCTAssertEqual(try SplitSampleCommand.partition(5...8, ranks: 4), [5...5, 6...6, 7...7, 8...8])
        XCTAssertEqual(try SplitSampleCommand.partition(1...7, ranks: 3), [1...3, 4...5, 6...7])
        XCTAssertThrowsError(try SplitSampleCommand.partition(1...2, ranks: 3))
    }
}
