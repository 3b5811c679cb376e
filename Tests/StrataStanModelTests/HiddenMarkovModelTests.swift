// hmm_marginal against a hand-written forward pass; hmm_hidden_state_prob and hmm_latent_rng against path enumeration.
import Strata
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class HiddenMarkovModelTests: XCTestCase {
    private let data = #"{"N": 6, "K": 3, "y": [0.2, 1.9, 2.3, -0.4, 4.1, 3.7]}"#

    private func model(_ likelihood: String) throws -> GraphModel {
        let source = """
        data { int N; int K; array[N] real y; }
        parameters { array[K] simplex[K] rows; simplex[K] rho; ordered[K] mu; }
        transformed parameters {
          matrix[K, K] Gamma;
          matrix[K, N] log_omega;
          for (i in 1:K) Gamma[i] = rows[i]';
          for (k in 1:K) for (n in 1:N) log_omega[k, n] = normal_lpdf(y[n] | mu[k], 1);
        }
        model { mu ~ normal(2, 2); \(likelihood) }
        """
        return try StanModel.compile(source: source, fileName: "hmm.stan", data: try DataSet(json: data)).model
    }

    func testMarginalMatchesTheHandWrittenForwardPass() throws {
        let library = try model("target += hmm_marginal(log_omega, Gamma, rho);")
        let hand = try model("""
            array[N] vector[K] alpha;
            vector[K] acc;
            for (k in 1:K) alpha[1][k] = log(rho[k]) + log_omega[k, 1];
            for (t in 2:N) for (k in 1:K) {
              for (j in 1:K) acc[j] = alpha[t - 1][j] + log(Gamma[j, k]);
              alpha[t][k] = log_sum_exp(acc) + log_omega[k, t];
            }
            target += log_sum_exp(alpha[N]);
            """)
        for seed: UInt64 in [1, 2, 3] {
            let x = StanTestSupport.randomPoint(library.dimension, seed: seed)
            let (la, ga) = try StanTestSupport.valueAndGradient(library, at: x), (lb, gb) = try StanTestSupport.valueAndGradient(hand, at: x)
            XCTAssertEqual(la, lb, accuracy: 1e-10 * max(1, abs(lb)))
            for (u, v) in zip(ga, gb) { XCTAssertEqual(u, v, accuracy: 1e-9 * max(1, abs(v))) }
            try StanTestSupport.checkGradient(library, seed: seed, "hmm_marginal, seed \(seed)")
        }
    }

    func testHiddenStateProbabilitiesAndLatentDrawsMatchPathEnumeration() throws {
        let logOmega = [[-0.3, -2.0, -1.1], [-1.5, -0.2, -0.9]], gamma = [[0.8, 0.2], [0.35, 0.65]], rho = [0.6, 0.4]
        let source = """
        data { matrix[2, 3] lo; matrix[2, 2] G; vector[2] r; }
        parameters { real x; }
        model { x ~ normal(0, 1); }
        generated quantities {
          matrix[2, 3] prob = hmm_hidden_state_prob(lo, G, r);
          array[3] int z = hmm_latent_rng(lo, G, r);
          real lp = hmm_marginal(lo, G, r);
        }
        """
        let json = #"{"lo": [[-0.3, -2.0, -1.1], [-1.5, -0.2, -0.9]], "G": [[0.8, 0.2], [0.35, 0.65]], "r": [0.6, 0.4]}"#
        let stan = try StanModel.compile(source: source, fileName: "gq.stan", data: try DataSet(json: json))
        // Every path's joint probability.
        var paths: [([Int], Double)] = []
        for code in 0..<8 {
            let z = [code & 1, (code >> 1) & 1, (code >> 2) & 1]
            var p = rho[z[0]] * Foundation.exp(logOmega[z[0]][0])
            for t in 1..<3 { p *= gamma[z[t - 1]][z[t]] * Foundation.exp(logOmega[z[t]][t]) }
            paths.append((z, p))
        }
        let total = paths.reduce(0) { $0 + $1.1 }
        var config = SamplerConfiguration()
        config.chains = 2; config.warmup = 100; config.samples = 1000; config.seed = 11
        let chains = try MultiChainRunner(configuration: config).run(model: stan.model)
        for chain in chains {
            XCTAssertEqual(chain.values(of: "lp")![0], Foundation.log(total), accuracy: 1e-12)
            for t in 0..<3 {
                let exact = paths.filter { $0.0[t] == 0 }.reduce(0) { $0 + $1.1 } / total
                XCTAssertEqual(chain.values(of: "prob.1.\(t + 1)")![0], exact, accuracy: 1e-12)
                XCTAssertEqual(chain.values(of: "prob.2.\(t + 1)")![0], 1 - exact, accuracy: 1e-12)
            }
            // The joint of the draws, not only the marginals: P(z = (1, 1, 2)) and P(z_1 = z_3).
            let z = (1...3).map { chain.values(of: "z.\($0)")! }
            let n = Double(z[0].count)
            for (event, exact) in [({ (a: Int, b: Int, c: Int) in a == 1 && b == 1 && c == 2 },
                                    paths.filter { $0.0 == [0, 0, 1] }.reduce(0) { $0 + $1.1 } / total),
                                   ({ (a: Int, b: Int, c: Int) in a == c },
                                    paths.filter { $0.0[0] == $0.0[2] }.reduce(0) { $0 + $1.1 } / total)] {
                let hits = (0..<z[0].count).filter { event(Int(z[0][$0]), Int(z[1][$0]), Int(z[2][$0])) }.count
                XCTAssertEqual(Double(hits) / n, exact, accuracy: 5 * (exact * (1 - exact) / n).squareRoot())
            }
        }
    }
}
