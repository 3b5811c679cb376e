// Stan's rules on declarations, through the binary: no integer parameters, constraints checked at block end, no constrained locals.
import Foundation
import StrataOutput
import XCTest

final class DeclaredConstraintTests: XCTestCase {
    private let run = ["--chains", "2", "--warmup", "150", "--samples", "150", "--threads", "2", "--quiet", "--seed", "11"]

    func testIntegerParameterIsRejectedWithLocation() throws {
        let dir = try CLIFixtures.scratch(self, "int-param")
        let path = try CLIFixtures.write("parameters {\n  real mu;\n  int k;\n}\nmodel { mu ~ normal(0, 1); }\n",
                                         to: "int_param.stan", in: dir)
        try CLIRunner.run(["check", path], in: dir).assertFailure(mentioning: ["int_param.stan:3:7", "'k'", "int"])
        try CLIRunner.run(["sample", path, "--output", dir.appendingPathComponent("out").path] + run, in: dir)
            .assertFailure(mentioning: ["int_param.stan:3:7", "'k'"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/int_param_1.csv").path))
    }

    func testConstrainedLocalVariableIsRejected() throws {
        let dir = try CLIFixtures.scratch(self, "local")
        let path = try CLIFixtures.write("parameters { real mu; }\nmodel {\n  simplex[2] s = [0.5, 0.5]';\n  mu ~ normal(0, 1);\n}\n",
                                         to: "local.stan", in: dir)
        try CLIRunner.run(["check", path], in: dir).assertFailure(mentioning: ["local.stan:3:14", "local variable 's'"])
    }

    func testGeneratedQuantityOutsideItsBoundStopsTheRun() throws {
        let dir = try CLIFixtures.scratch(self, "gq-bound")
        let path = try CLIFixtures.write("parameters { real mu; }\nmodel { mu ~ normal(0, 1); }\n"
                                         + "generated quantities { real<lower=0> g = mu; }\n", to: "gq.stan", in: dir)
        try CLIRunner.run(["sample", path, "--output", dir.appendingPathComponent("out").path] + run, in: dir)
            .assertFailure(mentioning: ["generated quantity 'g'", "must be >= 0", "lower=0"])
    }

    func testConstantGeneratedSimplexThatIsNotOneIsRejected() throws {
        let dir = try CLIFixtures.scratch(self, "gq-simplex")
        let path = try CLIFixtures.write("parameters { real mu; }\nmodel { mu ~ normal(0, 1); }\n"
                                         + "generated quantities { simplex[2] s = [0.9, 0.9]'; }\n", to: "gqs.stan", in: dir)
        try CLIRunner.run(["sample", path, "--output", dir.appendingPathComponent("out").path] + run, in: dir)
            .assertFailure(mentioning: ["'s'", "simplex", "1.8"])
    }

    /// A transformed parameter declared `simplex` that leaves the simplex rejects the proposal: every kept
    /// draw of `mu` lies in [0, 1] although its prior puts a third of the mass outside.
    func testTransformedParameterStructureRejectsTheProposal() throws {
        let dir = try CLIFixtures.scratch(self, "tp-simplex")
        let path = try CLIFixtures.write("parameters { real mu; }\ntransformed parameters { simplex[2] s = [mu, 1 - mu]'; }\n"
                                         + "model { mu ~ normal(0.5, 0.5); }\n", to: "tps.stan", in: dir)
        let out = dir.appendingPathComponent("out")
        try CLIRunner.run(["sample", path, "--output", out.path] + run, in: dir).assertSuccess()
        for url in try CLIFixtures.csvFiles(in: out) {
            let mu = try XCTUnwrap(try StanCSVFile(contentsOf: url).column(named: "mu"))
            XCTAssertEqual(mu.count, 150)
            XCTAssertTrue(mu.allSatisfy { $0 >= 0 && $0 <= 1 }, "draws outside the simplex: \(mu.filter { $0 < 0 || $0 > 1 })")
        }
    }
}
