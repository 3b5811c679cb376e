// categorical_logit_glm, ordered_logistic_glm and gaussian_dlm_obs against the same densities written out naively in
// Stan (and a scipy value), student_t_qf's vectorised forms, the hypergeometric functions on parameters, and
// bernoulli_logit_glm_rng's frequencies; gradients against finite differences throughout.
import StrataCore
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class GLMDLMQuantileProgramTests: XCTestCase {
    /// Log density and gradient of `model` (same parameters as `reference`) equal the reference's at two random
    /// points, and the model's gradient matches central differences.
    private func assertSameDensity(_ model: String, _ reference: String, data: String, _ label: String,
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try StanModel.compile(source: model, fileName: "glm.stan", data: try DataSet(json: data))
        let b = try StanModel.compile(source: reference, fileName: "naive.stan", data: try DataSet(json: data))
        XCTAssertEqual(a.model.dimension, b.model.dimension, label, file: file, line: line)
        for seed: UInt64 in [4, 5] {
            let x = StanTestSupport.randomPoint(a.model.dimension, seed: seed)
            let (la, ga) = try StanTestSupport.valueAndGradient(a.model, at: x)
            let (lb, gb) = try StanTestSupport.valueAndGradient(b.model, at: x)
            XCTAssert(la.isFinite, "\(label): \(la)", file: file, line: line)
            XCTAssertEqual(la, lb, accuracy: 1e-9 * max(1, abs(lb)), "\(label) log density", file: file, line: line)
            for i in ga.indices {
                XCTAssertEqual(ga[i], gb[i], accuracy: 1e-8 * max(1, abs(gb[i])), "\(label) ∂[\(i)]", file: file, line: line)
            }
            try StanTestSupport.checkGradient(a.model, seed: seed, label, file: file, line: line)
        }
    }

    func testCategoricalLogitGlmIsCategoricalLogitOfEachRow() throws {
        let data = #"{"N": 3, "K": 2, "C": 4, "y": [2, 4, 1], "y1": 3}"#
        let head = "data { int N; int K; int C; array[N] int y; int y1; }\n"
            + "parameters { matrix[N, K] x; row_vector[K] xr; vector[C] alpha; matrix[K, C] beta; }\n"
        let glm = head + """
            model {
              y ~ categorical_logit_glm(x, alpha, beta);
              target += categorical_logit_glm_lpmf(y1 | x, alpha, beta);
              target += categorical_logit_glm_lupmf(y | xr, alpha, beta);
              target += categorical_logit_glm_lpmf(y1 | xr, alpha, beta);
            }
            """
        let naive = head + """
            model {
              for (n in 1:N) {
                y[n] ~ categorical_logit((x[n] * beta)' + alpha);
                target += categorical_logit_lpmf(y1 | (x[n] * beta)' + alpha);
                target += categorical_logit_lpmf(y[n] | (xr * beta)' + alpha);
              }
              target += categorical_logit_lpmf(y1 | (xr * beta)' + alpha);
            }
            """
        try assertSameDensity(glm, naive, data: data, "categorical_logit_glm")
    }

    func testOrderedLogisticGlmIsOrderedLogisticOfEachRow() throws {
        let data = #"{"N": 3, "K": 2, "y": [2, 4, 1], "y1": 3}"#
        let head = "data { int N; int K; array[N] int y; int y1; }\n"
            + "parameters { matrix[N, K] x; row_vector[K] xr; vector[K] beta; ordered[3] c; }\n"
        let glm = head + """
            model {
              y ~ ordered_logistic_glm(x, beta, c);
              target += ordered_logistic_glm_lpmf(y1 | x, beta, c);
              target += ordered_logistic_glm_lpmf(y | xr, beta, c);
              target += ordered_logistic_glm_lupmf(y1 | xr, beta, c);
            }
            """
        let naive = head + """
            model {
              for (n in 1:N) {
                y[n] ~ ordered_logistic(x[n] * beta, c);
                target += ordered_logistic_lpmf(y1 | x[n] * beta, c);
                target += ordered_logistic_lpmf(y[n] | xr * beta, c);
              }
              target += ordered_logistic_lpmf(y1 | xr * beta, c);
            }
            """
        try assertSameDensity(glm, naive, data: data, "ordered_logistic_glm")
    }

    /// The stacked observations of a DLM are jointly normal: mean Fᵀ Gᵗ m0, Cov(y_t, y_s) = Fᵀ G^(t−s) P_s F (+ V when
    /// t = s) with P_t = G P_{t−1} Gᵀ + W, P_0 = C0. Written out in Stan as one multi_normal over the r·T values.
    static let naiveDlm = """
        functions {
          real dlm_naive(matrix y, matrix F, matrix G, matrix V, matrix W, vector m0, matrix C0) {
            int r = rows(y);
            int T = cols(y);
            int n = rows(G);
            array[T] vector[n] means;
            array[T] matrix[n, n] P;
            matrix[r * T, r * T] S;
            vector[r * T] mu;
            vector[r * T] yy;
            means[1] = G * m0;
            P[1] = G * C0 * G' + W;
            for (t in 2:T) {
              means[t] = G * means[t - 1];
              P[t] = G * P[t - 1] * G' + W;
            }
            for (s in 1:T) {
              matrix[n, n] Gp = diag_matrix(rep_vector(1, n));
              vector[r] f = F' * means[s];
              for (t in s:T) {
                matrix[r, r] block = F' * Gp * P[s] * F;
                if (t == s) block = block + V;
                for (i in 1:r) {
                  for (j in 1:r) {
                    S[(t - 1) * r + i, (s - 1) * r + j] = block[i, j];
                    S[(s - 1) * r + j, (t - 1) * r + i] = block[i, j];
                  }
                }
                Gp = G * Gp;
              }
              for (i in 1:r) {
                mu[(s - 1) * r + i] = f[i];
                yy[(s - 1) * r + i] = y[i, s];
              }
            }
            return multi_normal_lpdf(yy | mu, S);
          }
        }

        """

    func testGaussianDlmIsTheJointNormalOfTheStackedObservations() throws {
        let data = #"{"r": 2, "T": 3, "n": 2, "y": [[0.3, -0.4, 1.1], [0.8, 0.2, -0.5]]}"#
        let head = "data { int r; int T; int n; matrix[r, T] y; }\n"
            + "parameters { matrix[n, r] F; matrix[n, n] G; cov_matrix[r] V; cov_matrix[n] W; vector[n] m0; "
            + "cov_matrix[n] C0; vector<lower=0>[r] vd; }\n"
        let dlm = head + """
            model {
              target += gaussian_dlm_obs_lpdf(y | F, G, V, W, m0, C0);
              y ~ gaussian_dlm_obs(F, G, vd, W, m0, C0);
            }
            """
        let naive = Self.naiveDlm + head + """
            model {
              target += dlm_naive(y, F, G, V, W, m0, C0);
              target += dlm_naive(y, F, G, diag_matrix(vd), W, m0, C0) + 0.5 * r * T * log(2 * pi());
            }
            """
        try assertSameDensity(dlm, naive, data: data, "gaussian_dlm_obs")
    }

    /// Data-only values against scipy's multivariate normal of the stacked observations (scripts: the naive stacking
    /// above in numpy): −7.617995809635254 with V a matrix, −7.443041329991812 with V = diag(0.5, 0.4).
    func testGaussianDlmValueMatchesScipy() throws {
        let data = """
            {"y": [[0.3, -0.4, 1.1], [0.8, 0.2, -0.5]], "F": [[1.0, 0.5], [0.2, 1.0]], "G": [[0.9, 0.1], [-0.2, 0.8]],
             "V": [[0.5, 0.1], [0.1, 0.4]], "W": [[0.3, 0.05], [0.05, 0.2]], "m0": [0.1, -0.2], "C0": [[1.0, 0.2], [0.2, 0.8]],
             "vd": [0.5, 0.4]}
            """
        let head = "data { matrix[2, 3] y; matrix[2, 2] F; matrix[2, 2] G; matrix[2, 2] V; matrix[2, 2] W; vector[2] m0; "
            + "matrix[2, 2] C0; vector[2] vd; }\nparameters { real mu; }\n"
        for (body, expected) in [("gaussian_dlm_obs_lpdf(y | F, G, V, W, m0, C0)", -7.617995809635254),
                                 ("gaussian_dlm_obs_lpdf(y | F, G, vd, W, m0, C0)", -7.443041329991812),
                                 ("gaussian_dlm_obs_lupdf(y | F, G, vd, W, m0, C0)", 0)] {
            let stan = try StanModel.compile(source: head + "model { target += \(body); }\n", fileName: "dlm.stan",
                                             data: try DataSet(json: data))
            let (lp, _) = try StanTestSupport.valueAndGradient(stan.model, at: [0.3])
            XCTAssertEqual(lp, expected, accuracy: 1e-10, body)
        }
        XCTAssertThrowsError(try StanModel.compile(source: head + "model { target += gaussian_dlm_obs_lpdf(y' | F, G, V, W, m0, C0); }\n",
                                                   fileName: "dlm.stan", data: try DataSet(json: data))) {
            XCTAssertTrue("\($0)".contains("gaussian_dlm_obs"), "\($0)")
        }
    }

    func testStudentTQuantileVectorisedFormsAreElementwise() throws {
        let head = "parameters { vector<lower=0, upper=1>[3] p; real<lower=0> nu; array[3] real<lower=0> nus; "
            + "row_vector[3] mu; real<lower=0> sigma; }\n"
        let vectorised = head + """
            model {
              target += normal_lpdf(student_t_qf(p, nu, mu, sigma) | 0, 3);
              target += normal_lpdf(student_t_qf(p, nus, 0.5, sigma) | 0, 3);
              target += normal_lpdf(student_t_qf(0.3, nus, mu, 2) | 0, 3);
            }
            """
        let scalar = head + """
            model {
              for (i in 1:3) {
                target += normal_lpdf(student_t_qf(p[i], nu, mu[i], sigma) | 0, 3);
                target += normal_lpdf(student_t_qf(p[i], nus[i], 0.5, sigma) | 0, 3);
                target += normal_lpdf(student_t_qf(0.3, nus[i], mu[i], 2) | 0, 3);
              }
            }
            """
        try assertSameDensity(vectorised, scalar, data: "{}", "student_t_qf")
    }

    func testHypergeometricFunctionsOnParametersHaveExactGradients() throws {
        let source = """
            parameters {
              vector<lower=0.5, upper=2>[3] a;
              row_vector<lower=2.5, upper=4>[2] b;
              real<lower=-0.9, upper=0.9> z;
              real<lower=0.5, upper=2> s;
            }
            model {
              target += log(hypergeometric_3F2(a, b, z)) + log(hypergeometric_pFq(to_array_1d(a), b, z));
              target += hypergeometric_2F1(s, a[1], b[1], z) + hypergeometric_1F0(s, z);
              target += hypergeometric_pFq(a[1:2], [s]', -z);
            }
            """
        try StanTestSupport.checkProgram(source, json: "{}", fileName: "hyper.stan", "hypergeometric functions")
        XCTAssertThrowsError(try StanModel.compile(
            source: "transformed data { real h = hypergeometric_3F2([1, 2, 3]', [1, 2]', 1.5); }\nparameters { real m; }\n",
            fileName: "h.stan", data: nil)) { XCTAssertTrue("\($0)".contains("diverges"), "\($0)") }
    }

    /// bernoulli_logit_glm_rng: the frequency of ones in each of two row patterns is inv_logit(alpha + x β), within
    /// 5 standard errors (2,000 draws each, fixed seed).
    func testBernoulliLogitGlmRngFrequencies() throws {
        let n = 4000
        let rows = (0..<n).map { $0 % 2 == 0 ? "[0.5, -1.0]" : "[-2.0, 0.3]" }.joined(separator: ", ")
        let data = "{\"N\": \(n), \"x\": [\(rows)]}"
        let source = """
            data { int N; matrix[N, 2] x; }
            parameters { real m; }
            model { m ~ normal(0, 1); }
            generated quantities { array[N] int d = bernoulli_logit_glm_rng(x, 0.2, [0.8, 0.6]'); }
            """
        let stan = try StanModel.compile(source: source, fileName: "rng.stan", data: try DataSet(json: data))
        var outputs: [Double] = []
        var rng = ChainRNG(seed: 21, chain: 0, stream: RandomStream.generatedQuantities)
        try stan.model.makeEvaluator().writeOutputs(at: [0.1], into: &outputs, rng: &rng)
        let draws = Array(outputs.suffix(n))
        XCTAssertTrue(draws.allSatisfy { $0 == 0 || $0 == 1 })
        for (pattern, eta) in [(0, 0.2 + 0.5 * 0.8 - 0.6), (1, 0.2 - 2.0 * 0.8 + 0.3 * 0.6)] {
            let p = 1 / (1 + exp(-eta))
            let ones = stride(from: pattern, to: n, by: 2).map { draws[$0] }.reduce(0, +) / Double(n / 2)
            XCTAssertEqual(ones, p, accuracy: 5 * (p * (1 - p) / Double(n / 2)).squareRoot(), "pattern \(pattern)")
        }
    }
}
