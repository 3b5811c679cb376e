// Simulation-based calibration of automatic marginalisation on the widget model (Talts et al. 2018).
import XCTest
import Strata
import StrataTestSupport

/// Data sets are simulated from the prior of a widget model with a proper prior on alpha; each is fitted
/// with N_initial integrated out and drawn from its exact conditionals. If the marginal density and
/// the conditional draws are right, the rank of each true value among the posterior draws is uniform.
final class MarginalisationCalibrationTests: XCTestCase {
    static let program = """
        data {
          int<lower=1> N;
          vector[N] dt;
          vector[N] y;
          vector<lower=0>[N] sigma;
          real<lower=0> U;
        }
        parameters {
          real<lower=0> alpha;
          vector<lower=0, upper=U>[N] N0;
        }
        model {
          alpha ~ lognormal(log(0.04), 0.3);
          for (i in 1:N) {
            y[i] ~ normal(N0[i] * exp(-alpha * dt[i]), sigma[i]);
          }
        }
        """

    func testRanksOfTrueValuesAreUniform() throws {
        let datasets = 200, widgets = 50, draws = 99, thin = 3, bins = 10
        var rng = ChainRNG(seed: 20261129, chain: 0)
        let tracked = ["alpha", "N0.1", "N0.2", "N0.3"]
        var counts = [[Int]](repeating: [Int](repeating: 0, count: bins), count: tracked.count)
        for d in 0..<datasets {
            let alpha = exp(log(0.04) + 0.3 * rng.normal())
            let n0 = (0..<widgets).map { _ in rng.uniform(0, 10) }
            let dt = (0..<widgets).map { _ in rng.uniform(0, 60) }
            let sigma = (0..<widgets).map { _ in rng.uniform(0.01, 0.5) }
            let y = (0..<widgets).map { n0[$0] * exp(-alpha * dt[$0]) + sigma[$0] * rng.normal() }
            let json = "{\"N\": \(widgets), \"U\": 10, \"dt\": \(dt), \"y\": \(y), \"sigma\": \(sigma)}"
            let data = try DataSet(json: json, fileName: "sbc_\(d).json")
            let stan = try StanModel.compile(source: Self.program, fileName: "sbc.stan", data: data, marginalise: true)
            XCTAssertEqual(stan.model.dimension, 1)
            var config = SamplerConfiguration()
            config.chains = 1
            config.warmup = 300
            config.samples = draws * thin
            config.thin = thin
            config.seed = UInt64(1000 + d)
            let result = try MultiChainRunner(configuration: config).run(model: stan.model)[0]
            let names = stan.model.outputNames
            let truths = [alpha, n0[0], n0[1], n0[2]]
            for (k, name) in tracked.enumerated() {
                let column = result.values(ofOutput: names.firstIndex(of: name)!)
                XCTAssertEqual(column.count, draws)
                let rank = column.filter { $0 < truths[k] }.count          // 0...draws
                counts[k][rank * bins / (draws + 1)] += 1
            }
        }
        // Chi-square with bins − 1 = 9 degrees of freedom; 27.88 is its 0.999 quantile.
        let expected = Double(datasets) / Double(bins)
        for (k, name) in tracked.enumerated() {
            let chi2 = counts[k].reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
            print("SBC \(name): rank histogram \(counts[k]), chi-square \(chi2)")
            XCTAssertLessThan(chi2, 27.88, "\(name): ranks of the true values are not uniform \(counts[k])")
        }
    }
}
