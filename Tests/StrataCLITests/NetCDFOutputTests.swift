// `--output-format netcdf`: summaries from the file equal the CSV run's, split pieces merge, bad uses get clear errors.
// (ArviZ opening the file and comparing values with the CSVs: python/tests/test_netcdf_output.py.)
import Foundation
import XCTest

final class NetCDFOutputTests: XCTestCase {
    private func sample(_ extra: [String], output: URL, in dir: URL) throws -> CLIResult {
        let result = try CLIRunner.run(["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"),
                                        "--warmup", "150", "--samples", "120", "--seed", "3", "--quiet",
                                        "--output", output.path] + extra, in: dir, timeout: 120)
        result.assertSuccess()
        return result
    }

    /// The summary table and health line of `strata sample`'s output (the elapsed time differs between runs).
    private func table(_ text: String) -> String { text.components(separatedBy: "\nElapsed:")[0] }

    func testSummaryOfTheNetCDFFileEqualsTheCSVRunsAndSplitPiecesMerge() throws {
        let dir = try CLIFixtures.scratch(self, "netcdf")
        let csv = dir.appendingPathComponent("csv"), nc = dir.appendingPathComponent("nc")
        let csvRun = try sample(["--chains", "4"], output: csv, in: dir)
        let ncRun = try sample(["--chains", "4", "--output-format", "netcdf"], output: nc, in: dir)
        let file = nc.appendingPathComponent("decay.nc")
        XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), ncRun.stdout)
        XCTAssertEqual(try CLIFixtures.csvFiles(in: nc), [], "netcdf output writes no CSV")
        XCTAssertTrue(ncRun.stdout.contains("netCDF file: " + file.path), ncRun.stdout)
        // The summary printed by `sample` is computed from the file; it equals the CSV run's (same draws).
        XCTAssertEqual(table(ncRun.stdout), table(csvRun.stdout))
        XCTAssertTrue(ncRun.stdout.contains(" in 4 chains;"), ncRun.stdout)
        let fromCSV = try CLIRunner.run(["summary", csv.path], in: dir)
        for target in [file.path, nc.path] {
            let fromFile = try CLIRunner.run(["summary", target], in: dir)
            fromFile.assertSuccess()
            XCTAssertEqual(fromFile.stdout, fromCSV.stdout, "summary \(target)")
        }

        // Pieces of a split run share a folder (decay.nc, decay_3-4.nc) and merge into the single run's summary.
        let pieces = dir.appendingPathComponent("pieces")
        _ = try sample(["--chain-ids", "1-2", "--output-format", "netcdf"], output: pieces, in: dir)
        _ = try sample(["--chain-ids", "3-4", "--output-format", "netcdf"], output: pieces, in: dir)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: pieces.path).filter { $0.hasSuffix(".nc") }.sorted(),
                       ["decay.nc", "decay_3-4.nc"])
        let merged = try CLIRunner.run(["summary", pieces.path], in: dir)
        merged.assertSuccess()
        XCTAssertEqual(merged.stdout, fromCSV.stdout, "merged pieces")
        try CLIRunner.run(["summary", file.path, pieces.appendingPathComponent("decay_3-4.nc").path], in: dir)
            .assertFailure(status: 65, mentioning: ["chain 3 appears twice", "decay_3-4.nc"])

        // A folder holding both kinds is refused, naming a file of each.
        try FileManager.default.copyItem(at: csv.appendingPathComponent("decay_1.csv"),
                                         to: pieces.appendingPathComponent("decay_1.csv"))
        try CLIRunner.run(["summary", pieces.path], in: dir)
            .assertFailure(status: 65, mentioning: ["decay_1.csv", "decay.nc", "CSV and netCDF"])
    }

    func testNetCDFRefusesCheckpointing() throws {
        let dir = try CLIFixtures.scratch(self, "netcdf")
        for flag in ["--checkpoint", "--resume"] {
            let result = try CLIRunner.run(["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"),
                                            "--output-format", "netcdf", flag, "x.ckpt"], in: dir)
            result.assertFailure(status: 64, mentioning: [flag == "--resume" ? "--resume" : "--checkpoint", "csv"])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/decay.nc").path))
    }

    func testBadNetCDFPathsGetClearErrors() throws {
        let dir = try CLIFixtures.scratch(self, "netcdf")
        // Not a netCDF file.
        let fake = try CLIFixtures.write("lp__,x\n1,2\n", to: "fake.nc", in: dir)
        try CLIRunner.run(["summary", fake], in: dir).assertFailure(status: 65, mentioning: ["fake.nc", "netCDF"])
        try CLIRunner.run(["summary", dir.appendingPathComponent("missing.nc").path], in: dir)
            .assertFailure(status: 66, mentioning: ["missing.nc"])
        // The output file's name is taken by a folder.
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("decay.nc"), withIntermediateDirectories: true)
        try CLIRunner.run(["sample", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"), "--output-format", "netcdf",
                           "--output", out.path, "--warmup", "20", "--samples", "20", "--quiet"], in: dir)
            .assertFailure(status: 73, mentioning: ["decay.nc", "folder"])
        // An unknown format names the option.
        try CLIRunner.run(["sample", "builtin:decay", "--output-format", "hdf5"], in: dir)
            .assertFailure(status: 64, mentioning: ["--output-format", "hdf5"])
    }
}
