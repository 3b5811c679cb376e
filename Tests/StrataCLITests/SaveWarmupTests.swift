// `strata sample --save-warmup`: warmup rows before the adaptation block, post-warmup draws unchanged, summaries of post-warmup only.
import Foundation
import StrataOutput
import XCTest

final class SaveWarmupTests: XCTestCase {
    private let program = """
        data { int N; vector[N] y; }
        parameters { real mu; real<lower=0> sigma; }
        model { y ~ normal(mu, sigma); mu ~ normal(0, 10); sigma ~ exponential(1); }
        generated quantities { real y_new = normal_rng(mu, sigma); }
        """
    private let run = ["--chains", "2", "--warmup", "150", "--samples", "100", "--thin", "2", "--threads", "2",
                       "--seed", "77", "--quiet"]

    func testWarmupRowsAreWrittenAndTheDrawsAfterThemAreThoseOfARunWithout() throws {
        let dir = try CLIFixtures.scratch(self, "save-warmup")
        let path = try CLIFixtures.write(program, to: "normal.stan", in: dir)
        let data = CLIFixtures.data("pooling.json")
        let plain = dir.appendingPathComponent("plain"), saved = dir.appendingPathComponent("saved")
        try CLIRunner.run(["sample", path, "--data", data, "--output", plain.path] + run, in: dir).assertSuccess()
        let withWarmup = try CLIRunner.run(["sample", path, "--data", data, "--output", saved.path, "--save-warmup"] + run,
                                           in: dir)
        withWarmup.assertSuccess()
        XCTAssertTrue(withWarmup.stdout.contains("Draws: 100 in 2 chains"), "the summary counts post-warmup draws only\n"
                      + withWarmup.summary)
        for (a, b) in zip(try CLIFixtures.csvFiles(in: plain), try CLIFixtures.csvFiles(in: saved)) {
            let without = try StanCSVFile(contentsOf: a), with = try StanCSVFile(contentsOf: b)
            XCTAssertEqual(with.configurationValue("save_warmup"), "1")
            XCTAssertEqual(without.configurationValue("save_warmup"), "0")
            XCTAssertEqual(with.warmupColumns.first?.count, 75, "every 2nd of 150 warmup iterations")
            XCTAssertEqual(with.drawCount, 50)
            XCTAssertEqual(with.columns, without.columns, "saving warmup changed the post-warmup draws")
            // The warmup rows come before CmdStan's adaptation block, as CmdStan writes them.
            let text = try String(contentsOf: b, encoding: .utf8)
            let lines = text.split(separator: "\n")
            let adaptation = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("# Adaptation terminated") })
            let header = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("lp__,") })
            XCTAssertEqual(lines[(header + 1)..<adaptation].filter { !$0.hasPrefix("#") }.count, 75)
            // Warmup rows are real transitions: finite lp__ and step sizes that change during adaptation.
            let lp = with.warmupColumns[with.columnNames.firstIndex(of: "lp__")!]
            XCTAssertTrue(lp.allSatisfy(\.isFinite))
            let stepSizes = Set(with.warmupColumns[with.columnNames.firstIndex(of: "stepsize__")!])
            XCTAssertGreaterThan(stepSizes.count, 10)
        }
    }

    func testNetCDFOutputWithSaveWarmupIsRefusedNamingTheOption() throws {
        let dir = try CLIFixtures.scratch(self, "save-warmup-nc")
        let path = try CLIFixtures.write(program, to: "normal.stan", in: dir)
        let result = try CLIRunner.run(["sample", path, "--data", CLIFixtures.data("pooling.json"), "--save-warmup",
                                        "--output-format", "netcdf", "--output", dir.appendingPathComponent("out").path] + run,
                                       in: dir)
        result.assertFailure(status: 64, mentioning: ["--save-warmup", "netCDF"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path),
                       "a refused run must not create its output folder")
    }
}
