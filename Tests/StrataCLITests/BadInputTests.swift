// Bad input to `strata`: each case must exit with a non-zero status (never a signal) and name the problem.
import Foundation
import XCTest

final class BadInputTests: XCTestCase {
    private let eightSchools = "builtin:eight_schools_noncentered"
    /// Tiny settings: these runs should stop before sampling; if one does not, it still ends quickly.
    private let tiny = ["--chains", "2", "--warmup", "20", "--samples", "20", "--threads", "2", "--quiet"]

    private func sample(_ model: String, _ extra: [String], in dir: URL) throws -> CLIResult {
        try CLIRunner.run(["sample", model] + extra + tiny + ["--output", dir.appendingPathComponent("out").path], in: dir)
    }

    func testMissingDataFile() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let path = dir.appendingPathComponent("no_such_data.json").path
        try sample(eightSchools, ["--data", path], in: dir).assertFailure(mentioning: ["no_such_data.json"])
        try CLIRunner.run(["optimize", "builtin:decay", "--data", path], in: dir)
            .assertFailure(mentioning: ["no_such_data.json"])
        try CLIRunner.run(["widgets", "--data", path, "--quiet"], in: dir).assertFailure(mentioning: ["no_such_data.json"])
    }

    func testDataSyntaxErrorReportsLineAndColumn() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        // Line 3 lacks the comma between 10 and 18.
        let text = "{\n  \"J\": 8, \"y\": [28, 8, -3, 7, -1, 1, 18, 12],\n  \"sigma\": [15, 10, 16, 11, 9, 11, 10 18]\n}\n"
        let path = try CLIFixtures.write(text, to: "broken.json", in: dir)
        let result = try sample(eightSchools, ["--data", path], in: dir)
        result.assertFailure(mentioning: ["broken.json:3:"])
        // The column is a positive number after "line:" (the exact column is the parser's business).
        let range = try XCTUnwrap(result.allOutput.range(of: "broken.json:3:"))
        let column = result.allOutput[range.upperBound...].prefix(while: \.isNumber)
        XCTAssertGreaterThan(Int(column) ?? 0, 0, result.summary)
    }

    func testMissingVariableIsNamed() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let path = try CLIFixtures.write("{\"J\": 8, \"y\": [28, 8, -3, 7, -1, 1, 18, 12]}", to: "no_sigma.json", in: dir)
        try sample(eightSchools, ["--data", path], in: dir).assertFailure(mentioning: ["sigma", "no_sigma.json"])
    }

    func testWrongSizeIsNamed() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let text = "{\"J\": 8, \"y\": [28, 8, -3, 7, -1, 1, 18, 12], \"sigma\": [15, 10, 16, 11, 9, 11, 10]}"
        let path = try CLIFixtures.write(text, to: "short_sigma.json", in: dir)
        try sample(eightSchools, ["--data", path], in: dir).assertFailure(mentioning: ["sigma", "8", "7"])
    }

    func testDecayDataWithWrongSizeIsNamed() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let original = try Data(contentsOf: URL(fileURLWithPath: CLIFixtures.data("decay_days.json")))
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        object["t_measured"] = try XCTUnwrap(object["t_measured"] as? [Double]).dropLast(1).map { $0 }
        let text = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let path = try CLIFixtures.write(text, to: "decay_short.json", in: dir)
        try CLIRunner.run(["optimize", "builtin:decay", "--data", path, "--output", dir.path + "/o.json"], in: dir)
            .assertFailure(mentioning: ["t_measured", "99"])
        try CLIRunner.run(["widgets", "--data", path, "--quiet", "--output", dir.path], in: dir, timeout: 20)
            .assertFailure(mentioning: ["t_measured", "99"])
    }

    func testUnknownBuiltinModel() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        try sample("builtin:no_such_model", ["--data", CLIFixtures.data("eight_schools.json")], in: dir)
            .assertFailure(mentioning: ["no_such_model"])
        try sample("no_such_thing", ["--data", CLIFixtures.data("eight_schools.json")], in: dir)
            .assertFailure(mentioning: ["no_such_thing"])
    }

    func testStanProgramPathGivesClearError() throws {
        // Loose on purpose: Stan programs are being wired up; a missing .stan file must fail and name it.
        let dir = try CLIFixtures.scratch(self, "bad")
        let path = dir.appendingPathComponent("absent_model.stan").path
        try sample(path, ["--data", CLIFixtures.data("eight_schools.json")], in: dir)
            .assertFailure(mentioning: ["absent_model.stan"])
    }

    func testBadSamplerOptions() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let data = ["--data", CLIFixtures.data("eight_schools.json")]
        try sample(eightSchools, data + ["--metric", "bogus"], in: dir).assertFailure(mentioning: ["--metric", "bogus"])
        // `tiny` sets --chains 2; a later --chains 0 overrides it.
        try CLIRunner.run(["sample", eightSchools] + data + tiny + ["--chains", "0", "--output", dir.path], in: dir)
            .assertFailure(mentioning: ["chains"])
        try CLIRunner.run(["sample", eightSchools] + data + tiny + ["--adapt-delta", "1.5", "--output", dir.path], in: dir)
            .assertFailure(mentioning: ["1.5"])
        try CLIRunner.run(["sample", eightSchools] + data + ["--chains", "two"], in: dir).assertFailure(mentioning: ["two"])
    }

    func testInitialValueOutsideSupportIsNamed() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let theta = "[0, 0, 0, 0, 0, 0, 0, 0]"
        let negative = try CLIFixtures.write("{\"mu\": 1, \"tau\": -1, \"theta_tilde\": \(theta)}", to: "inits.json", in: dir)
        let data = ["--data", CLIFixtures.data("eight_schools.json")]
        try sample(eightSchools, data + ["--init", negative], in: dir).assertFailure(mentioning: ["tau"])
        try CLIRunner.run(["optimize", eightSchools] + data + ["--init", negative, "--output", dir.path + "/o.json"], in: dir)
            .assertFailure(mentioning: ["tau"])
        let missing = try CLIFixtures.write("{\"mu\": 1, \"theta_tilde\": \(theta)}", to: "inits_no_tau.json", in: dir)
        try sample(eightSchools, data + ["--init", missing], in: dir).assertFailure(mentioning: ["tau", "inits_no_tau.json"])
    }

    func testWidgetsRejectsBadTruthFileBeforeSampling() throws {
        let dir = try CLIFixtures.scratch(self, "bad")
        let data = ["--data", CLIFixtures.data("decay_days.json")]
        let missing = dir.appendingPathComponent("no_truth.json").path
        // A bad truth file must fail before the (long) default run starts.
        try CLIRunner.run(["widgets"] + data + ["--truth", missing, "--quiet", "--output", dir.path], in: dir, timeout: 20)
            .assertFailure(mentioning: ["no_truth.json"])
        let wrong = CLIFixtures.data("eight_schools.json")
        try CLIRunner.run(["widgets"] + data + ["--truth", wrong, "--quiet", "--output", dir.path], in: dir, timeout: 20)
            .assertFailure(mentioning: ["eight_schools.json", "alpha_per_day"])
    }
}
