// `strata sample --metric/--adaptation/--save-metric/--metric-file`: what the CSV says was adapted,
// the saved metric round trip, and bad metric options named in the error.
import Foundation
import StrataOutput
import XCTest

final class MetricOptionsTests: XCTestCase {
    private let eightSchools = ["builtin:eight_schools_noncentered", "--data", CLIFixtures.data("eight_schools.json")]

    private func sample(_ extra: [String], in dir: URL, output: String = "out") throws -> CLIResult {
        try CLIRunner.run(["sample"] + eightSchools + CLIFixtures.smallRun + ["--quiet", "--output",
                                                                               dir.appendingPathComponent(output).path] + extra,
                          in: dir)
    }

    private func firstCSV(_ dir: URL, _ output: String = "out") throws -> (StanCSVFile, String) {
        let url = try XCTUnwrap(try CLIFixtures.csvFiles(in: dir.appendingPathComponent(output)).first)
        return (try StanCSVFile(contentsOf: url), try String(contentsOf: url, encoding: .utf8))
    }

    func testLowRankMetricIsSavedAndReused() throws {
        let dir = try CLIFixtures.scratch(self, "metric")
        let saved = dir.appendingPathComponent("metric.json").path
        try sample(["--metric", "lowrank", "--save-metric", saved], in: dir).assertSuccess()
        let (csv, text) = try firstCSV(dir)
        XCTAssertEqual(csv.configurationValue("metric"), "diag_e", "CmdStan readers get the diagonal it lists")
        XCTAssertEqual(csv.configurationValue("strata_metric_kind"), "lowrank_e")
        XCTAssertTrue(text.contains("adapted by Fisher divergence from warmup draws and gradients"), text.prefix(4000).description)
        XCTAssertTrue(text.contains("# Low-rank inverse metric: diag(s) (I + U (diag(lambda) - I) U') diag(s), rank "))
        guard case let .diagonal(diagonal)? = csv.adaptation?.inverseMetric else { return XCTFail("no diagonal in the CSV") }

        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: saved))) as? [String: Any])
        let inverse = try XCTUnwrap(json["inv_metric"] as? [Double])
        XCTAssertEqual(inverse.count, 10)
        for (a, b) in zip(inverse, diagonal) { XCTAssertEqual(a, b, accuracy: 1e-5 * b) }
        let low = try XCTUnwrap(json["low_rank"] as? [String: Any])
        XCTAssertEqual((low["scale"] as? [Double])?.count, 10)

        // Starting from the saved metric without warmup uses it unchanged.
        try sample(["--metric", "lowrank", "--metric-file", saved, "--warmup", "0"], in: dir, output: "again").assertSuccess()
        let (again, _) = try firstCSV(dir, "again")
        guard case let .diagonal(reused)? = again.adaptation?.inverseMetric else { return XCTFail("no diagonal in the CSV") }
        for (a, b) in zip(reused, diagonal) { XCTAssertEqual(a, b, accuracy: 1e-5 * b) }
    }

    func testStanAdaptationIsNamedInTheCSV() throws {
        let dir = try CLIFixtures.scratch(self, "metric")
        try sample(["--adaptation", "stan"], in: dir).assertSuccess()
        let (_, text) = try firstCSV(dir)
        XCTAssertTrue(text.contains("adapted by Stan's windowed adaptation"))
    }

    func testDiagonalMetricFileIsUsed() throws {
        let dir = try CLIFixtures.scratch(self, "metric")
        let values = (1...10).map { Double($0) / 4 }
        let path = try CLIFixtures.write("{\"inv_metric\": \(values)}", to: "diag.json", in: dir)
        try sample(["--metric-file", path, "--warmup", "0"], in: dir).assertSuccess()
        let (csv, _) = try firstCSV(dir)
        guard case let .diagonal(d)? = csv.adaptation?.inverseMetric else { return XCTFail("no diagonal in the CSV") }
        for (a, b) in zip(d, values) { XCTAssertEqual(a, b, accuracy: 1e-9) }
    }

    func testBadMetricOptionsAreNamed() throws {
        let dir = try CLIFixtures.scratch(self, "metric")
        try sample(["--adaptation", "magic"], in: dir).assertFailure(mentioning: ["--adaptation", "magic"])
        try sample(["--metric", "lowrank", "--adaptation", "stan"], in: dir).assertFailure(mentioning: ["lowrank", "fisher"])
        try sample(["--metric", "lowrank", "--lowrank-cutoff", "0.5"], in: dir).assertFailure(mentioning: ["cutoff"])
        try sample(["--metric-file", dir.appendingPathComponent("none.json").path], in: dir)
            .assertFailure(mentioning: ["none.json"])
        let short = try CLIFixtures.write("{\"inv_metric\": [1, 2, 3]}", to: "short.json", in: dir)
        try sample(["--metric-file", short], in: dir).assertFailure(mentioning: ["short.json", "inv_metric", "3", "10"])
        let negative = try CLIFixtures.write("{\"inv_metric\": [1, 2, 3, 4, 5, 6, 7, 8, 9, -1]}", to: "neg.json", in: dir)
        try sample(["--metric-file", negative], in: dir).assertFailure(mentioning: ["neg.json", "not positive"])
    }
}
