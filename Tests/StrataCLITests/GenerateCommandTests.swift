// `strata generate`: generated quantities over an existing fit's CSVs reproduce the sampling run's exactly.
import Foundation
import StrataTestSupport
import XCTest

final class GenerateCommandTests: XCTestCase {
    private let program = """
        data { int N; vector[N] y; }
        parameters { real mu; real<lower=0> sigma; }
        model { y ~ normal(mu, sigma); mu ~ normal(0, 10); sigma ~ exponential(1); }
        generated quantities {
          array[N] real y_rep = normal_rng(rep_vector(mu, N), sigma);
          int big = poisson_rng(50 * sigma);
          real side = mu > 0 ? 1 : -1;
        }
        """

    func testGeneratedQuantitiesOfAStrataFitAreReproducedExactly() throws {
        let dir = try CLIFixtures.scratch(self, "generate")
        let path = try CLIFixtures.write(program, to: "ppc.stan", in: dir)
        let data = CLIFixtures.data("pooling.json")
        let fit = dir.appendingPathComponent("fit"), generated = dir.appendingPathComponent("gen")
        try CLIRunner.run(["sample", path, "--data", data, "--seed", "321", "--output", fit.path, "--quiet"]
                          + CLIFixtures.smallRun, in: dir).assertSuccess()
        let run = try CLIRunner.run(["generate", path, "--data", data, "--draws", fit.path, "--output", generated.path], in: dir)
        run.assertSuccess()
        let sampled = try CLIFixtures.csvFiles(in: fit), regenerated = try CLIFixtures.csvFiles(in: generated)
        XCTAssertEqual(sampled.map(\.lastPathComponent), regenerated.map(\.lastPathComponent))
        for (a, b) in zip(sampled, regenerated) {
            let x = CLIFixtures.nonCommentLines(try String(contentsOf: a, encoding: .utf8))
            let y = CLIFixtures.nonCommentLines(try String(contentsOf: b, encoding: .utf8))
            XCTAssertEqual(x.count, 201)
            XCTAssertEqual(x, y, a.lastPathComponent)
        }
    }

    func testCmdStanDrawsWithoutSeedOrChainIdRun() throws {
        let dir = try CLIFixtures.scratch(self, "generate-cmdstan")
        let path = try CLIFixtures.write(program, to: "ppc.stan", in: dir)
        var csv = """
            # stan_version_major = 2
            # model = ppc_model
            # method = sample (Default)
            lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,mu,sigma

            """
        for i in 0..<50 { csv += "-7.1,0.9,0.8,2,3,0,8.0,\(Double(i) / 10 - 2.5),\(1 + Double(i) / 50)\n" }
        _ = try CLIFixtures.write(csv, to: "cmdstan-1.csv", in: dir)
        let out = dir.appendingPathComponent("gen")
        let run = try CLIRunner.run(["generate", path, "--data", CLIFixtures.data("pooling.json"),
                                     "--draws", dir.appendingPathComponent("cmdstan-1.csv").path, "--output", out.path], in: dir)
        run.assertSuccess()
        let lines = CLIFixtures.nonCommentLines(try String(contentsOf: try CLIFixtures.csvFiles(in: out)[0], encoding: .utf8))
        let header = lines[0].split(separator: ",").map(String.init)
        XCTAssertEqual(Array(header.prefix(9)), ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__",
                                                 "divergent__", "energy__", "mu", "sigma"])
        XCTAssertEqual(lines.count, 51)
        let side = header.firstIndex(of: "side")!, mu = header.firstIndex(of: "mu")!
        for line in lines.dropFirst() {
            let v = line.split(separator: ",").map { Double($0)! }
            XCTAssertEqual(v[side], v[mu] > 0 ? 1 : -1)
        }
        let missing = try CLIRunner.run(["generate", path, "--data", CLIFixtures.data("pooling.json"),
                                         "--draws", dir.appendingPathComponent("nothing").path], in: dir)
        missing.assertFailure(status: 66, mentioning: ["nothing", "--draws"])
    }
}
