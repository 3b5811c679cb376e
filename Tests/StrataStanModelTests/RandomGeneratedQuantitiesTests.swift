// `_rng` in generated quantities and transformed data, and generated quantities that branch on parameter values.
import Strata
import StrataCore
import StrataStanModel
import StrataTestSupport
import XCTest

final class RandomGeneratedQuantitiesTests: XCTestCase {
    private let normalData = #"{"N": 5, "y": [1.2, 2.5, 3.1, 4.0, 5.3]}"#

    private func compile(_ source: String, data: String, marginalise: Bool = false, seed: UInt64 = 0) throws -> StanModel {
        try StanModel.compile(source: source, fileName: "test.stan", data: try DataSet(json: data),
                              marginalise: marginalise, seed: seed)
    }

    private func sample(_ model: GraphModel, threads: Int = 1, seed: UInt64 = 7, chains: Int = 2) throws -> [ChainResult] {
        var config = SamplerConfiguration()
        config.chains = chains; config.warmup = 200; config.samples = 300; config.seed = seed; config.threads = threads
        return try MultiChainRunner(configuration: config).run(model: model)
    }

    private let predictive = """
        data { int N; vector[N] y; }
        transformed data { real shift = normal_rng(0, 1); }
        parameters { real mu; real<lower=0> sigma; }
        model { y ~ normal(mu, sigma); }
        generated quantities {
          array[N] real y_rep = normal_rng(rep_vector(mu, N), sigma);
          int above = y_rep[1] > mu;
          real td = shift;
          real branch;
          if (mu > 3) branch = 1; else branch = -1;
          real m = fmax(mu, sigma);
        }
        """

    func testPosteriorPredictiveDrawsAreReproducibleForAnyThreadCount() throws {
        let stan = try compile(predictive, data: normalData)
        XCTAssertEqual(stan.model.outputNames,
                       ["mu", "sigma", "y_rep.1", "y_rep.2", "y_rep.3", "y_rep.4", "y_rep.5", "above", "td", "branch", "m"])
        let one = try sample(stan.model, threads: 1), two = try sample(stan.model, threads: 2)
        for (a, b) in zip(one, two) { XCTAssertEqual(a.draws, b.draws) }
        let names = stan.model.outputNames
        for chain in one {
            let mu = chain.values(of: "mu")!, sigma = chain.values(of: "sigma")!
            let rep = chain.values(of: "y_rep.1")!, above = chain.values(of: "above")!
            let branch = chain.values(of: "branch")!, m = chain.values(of: "m")!
            // y_rep - mu over sigma is standard normal given the draw: check its moments over the chain.
            let z = zip(rep, zip(mu, sigma)).map { ($0 - $1.0) / $1.1 }
            let mean = z.reduce(0, +) / Double(z.count)
            let variance = z.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(z.count - 1)
            XCTAssertEqual(mean, 0, accuracy: 5 / Double(z.count).squareRoot())
            XCTAssertEqual(variance, 1, accuracy: 5 * (2 / Double(z.count)).squareRoot())
            for i in 0..<mu.count {
                XCTAssertEqual(above[i], rep[i] > mu[i] ? 1 : 0)
                XCTAssertEqual(branch[i], mu[i] > 3 ? 1 : -1)
                XCTAssertEqual(m[i], max(mu[i], sigma[i]))
            }
            XCTAssertEqual(Set(chain.values(ofOutput: names.firstIndex(of: "td")!)).count, 1)
        }
        // Transformed data draws once from the seed: the same in every chain, different for another seed.
        let td = one[0].values(of: "td")![0]
        XCTAssertEqual(one[1].values(of: "td")![0], td)
        let reseeded = try compile(predictive, data: normalData, seed: 99)
        var outputs: [Double] = []
        let evaluator = reseeded.model.makeEvaluator()
        try evaluator.writeOutputs(at: [0.1, 0.2], into: &outputs)
        XCTAssertNotEqual(outputs[reseeded.model.outputNames.firstIndex(of: "td")!], td)
    }

    func testRandomDrawsDoNotShiftTheSamplerOrTheConditionalDraws() throws {
        let school = SharedFiles.url("posteriordb/eight_schools-eight_schools_centered/data.json")
        let data = try String(contentsOf: school, encoding: .utf8)
        let base = """
            data { int<lower=0> J; array[J] real y; array[J] real<lower=0> sigma; }
            parameters { real mu; real<lower=0> tau; array[J] real theta; }
            model { mu ~ normal(0, 5); tau ~ cauchy(0, 5); theta ~ normal(mu, tau); y ~ normal(theta, sigma); }
            """
        let plain = try compile(base, data: data, marginalise: true)
        let withRandom = try compile(base + "\ngenerated quantities { array[J] real y_rep = normal_rng(theta, sigma); }",
                                     data: data, marginalise: true)
        XCTAssertFalse(plain.marginalisation.integratedOut.isEmpty, "theta is integrated out")
        let a = try sample(plain.model), b = try sample(withRandom.model)
        let columns = plain.model.outputNames.count
        for (x, y) in zip(a, b) {
            for i in 0..<x.draws.count / columns {
                XCTAssertEqual(Array(x.draws[(i * columns)..<((i + 1) * columns)]),
                               Array(y.draws[(i * (columns + 8))..<(i * (columns + 8) + columns)]))
            }
        }
    }

    func testRandomDrawsOutsideTheirBlocksAreRejectedWithALocation() {
        let source = """
            parameters { real mu; }
            model { real z = normal_rng(0, 1); mu ~ normal(z, 1); }
            """
        XCTAssertThrowsError(try StanModel.compile(source: source, fileName: "bad.stan", data: nil)) { error in
            let text = "\(error)"
            XCTAssert(text.contains("bad.stan:2:18"), text)
            XCTAssert(text.contains("only allowed in transformed data, generated quantities and _rng functions"), text)
        }
    }

    func testArgumentErrorsStopTheRunNamingFunctionArgumentAndLine() throws {
        let stan = try compile("""
            data { int N; vector[N] y; }
            parameters { real mu; }
            model { y ~ normal(mu, 1); }
            generated quantities { real bad = normal_rng(mu, -mu * mu - 1); }
            """, data: normalData)
        XCTAssertThrowsError(try sample(stan.model)) { error in
            let text = "\(error)"
            XCTAssert(text.contains("normal_rng: sigma (argument 2) is -"), text)
            XCTAssert(text.contains("but must be positive and finite"), text)
            XCTAssert(text.contains("test.stan:4:35"), text)
        }
        XCTAssertThrowsError(try compile("""
            transformed data { int k = poisson_rng(-1); }
            parameters { real mu; }
            model { mu ~ normal(0, 1); }
            """, data: "{}")) { error in
            XCTAssert("\(error)".contains("poisson_rng: lambda (argument 1) is -1"), "\(error)")
        }
    }

    func testUserRandomFunctionsAndMultivariateDraws() throws {
        let stan = try compile("""
            functions {
              vector shifted_rng(vector m, real s) {
                vector[rows(m)] out;
                for (i in 1:rows(m)) out[i] = normal_rng(m[i], s);
                return out;
              }
            }
            data { int N; vector[N] y; }
            parameters { real mu; }
            model { y ~ normal(mu, 1); }
            generated quantities {
              vector[N] draws = shifted_rng(rep_vector(mu, N), 1);
              vector[2] mvn = multi_normal_rng([mu, 0]', [[1, 0.5], [0.5, 2]]);
              array[3] vector[2] mvns = multi_normal_cholesky_rng({[mu, 0]', [0, mu]', [1, 1]'}, [[1, 0], [0.5, 2]]);
              array[3] int counts = multinomial_rng([0.2, 0.3, 0.5]', 10);
              int category = categorical_logit_rng([0, 1, 2]');
              int total = 0;
              while (total < 3) total += 1;
            }
            """, data: normalData)
        let chains = try sample(stan.model)
        for chain in chains {
            let c1 = chain.values(of: "counts.1")!, c2 = chain.values(of: "counts.2")!, c3 = chain.values(of: "counts.3")!
            for i in 0..<c1.count { XCTAssertEqual(c1[i] + c2[i] + c3[i], 10) }
            XCTAssert(chain.values(of: "category")!.allSatisfy { [1, 2, 3].contains($0) })
            XCTAssert(chain.values(of: "total")!.allSatisfy { $0 == 3 })
            // The third location is (1, 1) with Cholesky factor [[1, 0], [0.5, 2]]: second coordinate variance 4.25.
            let third = chain.values(of: "mvns.3.2")!
            let m = third.reduce(0, +) / Double(third.count)
            XCTAssertEqual(m, 1, accuracy: 5 * (4.25 / Double(third.count)).squareRoot())
            let d = zip(chain.values(of: "draws.3")!, chain.values(of: "mu")!).map { $0 - $1 }
            XCTAssertEqual(d.reduce(0, +) / Double(d.count), 0, accuracy: 5 / Double(d.count).squareRoot())
        }
    }
}
