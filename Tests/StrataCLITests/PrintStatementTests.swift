// print() in a Stan program writes to standard output: once for transformed data, at each evaluation in the model block.
import Foundation
import XCTest

final class PrintStatementTests: XCTestCase {
    func testPrintWritesValuesToStandardOutput() throws {
        let dir = try CLIFixtures.scratch(self, "print")
        let path = try CLIFixtures.write("""
            data { int N; }
            transformed data { vector[2] v = [1.5, 2]'; print("N = ", N, ", v = ", v); }
            parameters { real mu; }
            model { mu ~ normal(0, 1); print("mu=", mu); }
            """, to: "p.stan", in: dir)
        let data = try CLIFixtures.write("{\"N\": 7}", to: "p.json", in: dir)
        let result = try CLIRunner.run(["sample", path, "--data", data, "--chains", "1", "--warmup", "20", "--samples", "20",
                                        "--quiet", "--output", dir.path + "/out"], in: dir)
        result.assertSuccess()
        let lines = result.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0 == "N = 7, v = [1.5,2]" }.count, 1, result.summary)
        let evaluations = lines.filter { $0.hasPrefix("mu=") }
        XCTAssertGreaterThan(evaluations.count, 40, "one line per log-density evaluation\n" + result.summary)
        XCTAssertTrue(evaluations.allSatisfy { Double($0.dropFirst(3)) != nil }, result.summary)
    }
}
