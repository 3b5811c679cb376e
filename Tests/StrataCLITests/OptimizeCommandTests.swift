// `strata optimize`: the JSON estimate it writes for the widget decay model, with and without the Jacobian.
import Foundation
import XCTest

final class OptimizeCommandTests: XCTestCase {
    private func optimize(_ extra: [String]) throws -> (CLIResult, [String: Any]) {
        let dir = try CLIFixtures.scratch(self, "optimize")
        let output = dir.appendingPathComponent("fit/optimize.json")
        let result = try CLIRunner.run(["optimize", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"),
                                        "--output", output.path] + extra, in: dir)
        result.assertSuccess()
        let data = try Data(contentsOf: output)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], "not a JSON object")
        return (result, json)
    }

    /// Structure only: the optimiser may stop before converging on this model.
    private func checkEstimate(_ result: CLIResult, _ json: [String: Any]) throws {
        let alpha = try XCTUnwrap(json["alpha"] as? Double, "no alpha in \(json.keys.sorted())")
        XCTAssertTrue(alpha > 0 && alpha.isFinite, "alpha = \(alpha)")
        let lp = try XCTUnwrap(json["lp__"] as? Double)
        XCTAssertTrue(lp.isFinite, "lp__ = \(lp)")
        XCTAssertNotNil(json["termination"] as? String)
        let initial = (1...100).map { "N_initial.\($0)" }
        for name in initial {
            let value = try XCTUnwrap(json[name] as? Double, "no \(name)")
            XCTAssertTrue(value.isFinite, "\(name) = \(value)")
        }
        XCTAssertTrue(result.stdout.contains("alpha = "), result.summary)
        XCTAssertTrue(result.stdout.contains("lp = "), result.summary)
        XCTAssertTrue(result.stdout.contains("Wrote "), result.summary)
    }

    func testOptimizeDecayWritesEstimate() throws {
        let (result, json) = try optimize([])
        try checkEstimate(result, json)
    }

    /// Eight schools (non-centred) with the Jacobian has a proper mode: L-BFGS must converge.
    func testOptimizeEightSchoolsWithJacobianConverges() throws {
        let dir = try CLIFixtures.scratch(self, "optimize-8s")
        let output = dir.appendingPathComponent("mode.json")
        let result = try CLIRunner.run(["optimize", "builtin:eight_schools_noncentered", "--data",
                                        CLIFixtures.data("eight_schools.json"), "--jacobian", "--output", output.path], in: dir)
        result.assertSuccess()
        XCTAssertTrue(result.stdout.contains("Convergence detected"), result.summary)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        let tau = try XCTUnwrap(json["tau"] as? Double)
        XCTAssertTrue(tau > 0 && tau.isFinite, "tau = \(tau)")
        XCTAssertNotNil(json["theta.8"] as? Double)
    }

    /// A failed line search is an error (exit 70, as CmdStan) but the estimate is still written.
    func testLineSearchFailureExitsWithError() throws {
        let dir = try CLIFixtures.scratch(self, "optimize-fail")
        let output = dir.appendingPathComponent("fit.json")
        let result = try CLIRunner.run(["optimize", "builtin:decay", "--data", CLIFixtures.data("decay_days.json"),
                                        "--jacobian", "--seed", "11", "--output", output.path], in: dir)
        if result.status == 0 {
            // The optimiser found a mode from this start: then it must say so.
            XCTAssertTrue(result.stdout.contains("Convergence detected"), result.summary)
        } else {
            XCTAssertEqual(result.status, 70, result.summary)
            XCTAssertTrue(result.stderr.contains("Line search failed"), result.summary)
            XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
        }
    }
}
