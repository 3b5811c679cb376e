// The embedded Laplace approximation: exact for a Gaussian likelihood, a naive Newton/Laplace for Poisson, gradients, latent draws.
import Foundation
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class LaplaceApproximationTests: XCTestCase {
    private let covariance = """
      matrix K_f(array[] real x, real alpha, real rho) {
        int n = size(x);
        return add_diag(gp_exp_quad_cov(x, alpha, rho), 1e-6);
      }
    """
    private let json = #"{"n": 5, "x": [-1.0, -0.4, 0.1, 0.7, 1.3], "y": [0.4, -0.3, 1.1, 0.2, -0.8], "k": [0, 2, 1, 4, 3], "idx": [1, 2, 3, 4, 5, 1, 3]}"#

    private func model(_ source: String, json: String? = nil, seed: UInt64 = 0) throws -> StanModel {
        try StanModel.compile(source: source, fileName: "laplace.stan", data: try DataSet(json: json ?? self.json), seed: seed)
    }

    /// With a Gaussian likelihood the Laplace approximation is exact: its log marginal and gradient are those of
    /// multi_normal(y | 0, K + σ² I).
    func testGaussianLikelihoodGivesTheExactMarginal() throws {
        let common = """
        functions {
          real ll(vector theta, real sigma, vector y) { return normal_lpdf(y | theta, sigma); }
        \(covariance)
        }
        data { int n; array[n] real x; vector[n] y; }
        parameters { real<lower=0> alpha; real<lower=0> rho; real<lower=0> sigma; }
        """
        let laplace = try model(common + "model { target += laplace_marginal(ll, (sigma, y), 1, K_f, (x, alpha, rho)); }").model
        let exact = try model(common + """
        model { target += multi_normal_lpdf(y | rep_vector(0, n), add_diag(gp_exp_quad_cov(x, alpha, rho), 1e-6 + square(sigma))); }
        """).model
        for seed: UInt64 in [1, 2, 3] {
            let x = StanTestSupport.randomPoint(3, seed: seed)
            let (a, ga) = try StanTestSupport.valueAndGradient(laplace, at: x)
            let (b, gb) = try StanTestSupport.valueAndGradient(exact, at: x)
            XCTAssertEqual(a, b, accuracy: 1e-9 * max(1, abs(b)), "seed \(seed)")
            for i in 0..<3 { XCTAssertEqual(ga[i], gb[i], accuracy: 1e-6 * max(1, abs(gb[i])), "seed \(seed), coordinate \(i)") }
        }
    }

    /// The built-in Poisson log form against a Newton iteration and Laplace formula written out here (dense inverse
    /// of K, no shared code), and the same likelihood written as a user function against the built-in.
    func testPoissonLogAgainstANaiveLaplaceComputation() throws {
        let source = """
        functions {
          real ll(vector theta, array[] int k, vector m) { return poisson_log_lpmf(k | theta + m); }
        \(covariance)
        }
        data { int n; array[n] real x; array[n] int k; }
        parameters { real<lower=0> alpha; real<lower=0> rho; vector[n] m; }
        model {
          target += laplace_marginal_poisson_log_lpmf(k | linspaced_int_array(n, 1, n), m, 1, K_f, (x, alpha, rho));
        }
        """
        let builtin = try model(source).model
        let user = try model(source.replacingOccurrences(
            of: "laplace_marginal_poisson_log_lpmf(k | linspaced_int_array(n, 1, n), m, 1, K_f, (x, alpha, rho))",
            with: "laplace_marginal(ll, (k, m), 1, K_f, (x, alpha, rho))")).model
        let xs: [Double] = [-1.0, -0.4, 0.1, 0.7, 1.3], ks: [Double] = [0, 2, 1, 4, 3]
        for seed: UInt64 in [1, 2] {
            let point = StanTestSupport.randomPoint(builtin.dimension, seed: seed)
            let alpha = Foundation.exp(point[0]), rho = Foundation.exp(point[1]), m = Array(point[2...])
            let expected = NaiveLaplace.poisson(k: ks, mean: m, covariance: NaiveLaplace.squaredExponential(xs, alpha, rho, jitter: 1e-6))
            let (a, _) = try StanTestSupport.valueAndGradient(builtin, at: point)
            // Jacobians of the two lower-bounded parameters: log α + log ρ.
            XCTAssertEqual(a - point[0] - point[1], expected, accuracy: 1e-8, "seed \(seed)")
            let (b, gb) = try StanTestSupport.valueAndGradient(user, at: point)
            let (_, ga) = try StanTestSupport.valueAndGradient(builtin, at: point)
            XCTAssertEqual(a, b, accuracy: 1e-8)
            for i in 0..<ga.count { XCTAssertEqual(ga[i], gb[i], accuracy: 1e-6 * max(1, abs(ga[i])), "coordinate \(i)") }
        }
    }

    /// Every form's gradient against finite differences: user likelihoods (negative binomial, with tuple arguments),
    /// the three built-in families with parameters in the dispersion and the mean, y_index grouping, options.
    func testGradientsMatchFiniteDifferences() throws {
        let source = """
        functions {
          real nb(vector theta, tuple(real, vector) p, array[] int k) { return neg_binomial_2_log_lpmf(k | theta + p.2, p.1); }
        \(covariance)
        }
        data { int n; array[n] real x; array[n] int k; array[7] int idx; }
        transformed data {
          array[7] int k7 = {0, 2, 1, 4, 3, 1, 0};
          array[7] int b7 = {0, 1, 1, 0, 1, 1, 0};
        }
        parameters { real<lower=0> alpha; real<lower=0> rho; real<lower=0> phi; vector[n] m; vector<lower=0>[n] phis; }
        model {
          target += laplace_marginal(nb, ((phi, m), k), 1, K_f, (x, alpha, rho));
          target += laplace_marginal_tol(nb, ((phi, m), k), 1, K_f, (x, alpha, rho), (rep_vector(0.1, n), 1e-8, 100, 1, 10, 1));
          target += laplace_marginal_neg_binomial_2_log_lpmf(k7 | idx, phis, m, 1, K_f, (x, alpha, rho));
          k7 ~ laplace_marginal_tol_neg_binomial_2_log(idx, phi, m, 1, K_f, (x, alpha, rho), generate_laplace_options(n));
          b7 ~ laplace_marginal_bernoulli_logit(idx, m, 1, K_f, (x, alpha, rho));
          target += laplace_marginal_tol_poisson_log_lupmf(k7 | idx, m, 1, K_f, (x, alpha, rho), generate_laplace_options(m));
          phis ~ lognormal(0, 1);
        }
        """
        let m = try model(source).model
        for seed: UInt64 in [1, 2] { try StanTestSupport.checkGradient(m, seed: seed, "Laplace forms, seed \(seed)") }
    }

    /// A Hessian block of 2 (the likelihood couples pairs of latent elements) against finite differences, and the
    /// block-size-1 approximation differs from it.
    func testHessianBlocksCoupleLatentPairs() throws {
        let source = """
        functions {
          real pairs(vector theta, real s) {
            return -0.5 * square(theta[1] + theta[2] - 1) / s - 0.5 * square(theta[3] - theta[4]) / s - 0.25 * sum(exp(theta));
          }
          matrix K4(real alpha) { return add_diag(rep_matrix(0.3 * alpha, 4, 4), alpha); }
        }
        parameters { real<lower=0> alpha; real<lower=0> s; }
        model { target += laplace_marginal(pairs, (s,), 2, K4, (alpha,)); }
        """
        let m = try model(source, json: "{}").model
        for seed: UInt64 in [1, 2] { try StanTestSupport.checkGradient(m, seed: seed, "block 2, seed \(seed)") }
        let diagonal = try model(source.replacingOccurrences(of: "(s,), 2,", with: "(s,), 1,"), json: "{}").model
        let x = StanTestSupport.randomPoint(2, seed: 1)
        XCTAssertNotEqual(try StanTestSupport.valueAndGradient(m, at: x).0, try StanTestSupport.valueAndGradient(diagonal, at: x).0,
                          accuracy: 1e-6)
    }

    /// laplace_latent_rng: 2,000 draws of the built-in Poisson form have the mode and covariance of the Gaussian
    /// approximation computed naively here (means within 4 MCSE, variances within 4 of their standard errors).
    func testLatentDrawsHaveTheApproximationsMoments() throws {
        let draws = 2000
        let source = """
        functions {
        \(covariance)
        }
        data { int n; array[n] real x; array[n] int k; }
        parameters { real z; }
        model { z ~ normal(0, 1); }
        generated quantities {
          array[\(draws)] vector[n] t;
          for (i in 1:\(draws)) t[i] = laplace_latent_poisson_log_rng(k, linspaced_int_array(n, 1, n), rep_vector(0.5, n), 1, K_f, (x, 1.2, 0.8));
        }
        """
        let stan = try model(source, seed: 11)
        var out: [Double] = []
        try stan.model.makeEvaluator().writeOutputs(at: [0], into: &out)
        let xs: [Double] = [-1.0, -0.4, 0.1, 0.7, 1.3], ks: [Double] = [0, 2, 1, 4, 3], n = 5
        let (mode, cov) = NaiveLaplace.poissonMode(k: ks, mean: [Double](repeating: 0.5, count: n),
                                                   covariance: NaiveLaplace.squaredExponential(xs, 1.2, 0.8, jitter: 1e-6))
        func draw(_ d: Int, _ i: Int) -> Double { out[stan.model.outputNames.firstIndex(of: "t.\(d + 1).\(i + 1)")!] }
        for i in 0..<n {
            let values = (0..<draws).map { draw($0, i) }
            let mean = values.reduce(0, +) / Double(draws)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws - 1)
            XCTAssertEqual(mean, mode[i] + 0.5, accuracy: 4 * (cov[i * n + i] / Double(draws)).squareRoot(), "mean \(i)")
            // Var of a sample variance of normal draws: 2σ⁴/(N−1).
            XCTAssertEqual(variance, cov[i * n + i], accuracy: 4 * cov[i * n + i] * (2 / Double(draws - 1)).squareRoot(), "variance \(i)")
        }
        let a = (0..<draws).map { draw($0, 1) }, b = (0..<draws).map { draw($0, 2) }
        let ma = a.reduce(0, +) / Double(draws), mb = b.reduce(0, +) / Double(draws)
        let c = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / Double(draws - 1)
        let sd = ((cov[1 * n + 1] * cov[2 * n + 2] + cov[1 * n + 2] * cov[1 * n + 2]) / Double(draws - 1)).squareRoot()
        XCTAssertEqual(c, cov[1 * n + 2], accuracy: 4 * sd, "covariance of elements 2 and 3")
    }

    /// Bad arguments are located errors naming the function and the argument.
    func testBadArgumentsAreNamedErrors() throws {
        let source = """
        functions {
        \(covariance)
        }
        data { int n; array[n] real x; array[n] int k; }
        parameters { real<lower=0> alpha; }
        model { k ~ laplace_marginal_poisson_log(INDEX, rep_vector(0, n), 1, K_f, (x, alpha, 1.0)); }
        """
        XCTAssertThrowsError(try model(source.replacingOccurrences(of: "INDEX", with: "{1, 2, 3, 4, 9}"))) {
            XCTAssert("\($0)".contains("y_index holds 9"), "\($0)")
        }
        XCTAssertThrowsError(try model(source.replacingOccurrences(of: "INDEX", with: "{1, 2, 3, 4}"))) {
            XCTAssert("\($0)".contains("5 outcomes but 4 entries in y_index"), "\($0)")
        }
    }
}

/// An independent Laplace approximation for the tests: Newton's method with the inverse of K written out.
enum NaiveLaplace {
    static func squaredExponential(_ x: [Double], _ alpha: Double, _ rho: Double, jitter: Double) -> [Double] {
        let n = x.count
        return (0..<(n * n)).map { e in
            let i = e / n, j = e % n, d = x[i] - x[j]
            return alpha * alpha * Foundation.exp(-d * d / (2 * rho * rho)) + (i == j ? jitter : 0)
        }
    }

    /// Gauss–Jordan inverse and log determinant of an SPD matrix.
    static func inverse(_ a: [Double], _ n: Int) -> (inverse: [Double], logDet: Double) {
        var m = a, inv = (0..<(n * n)).map { $0 / n == $0 % n ? 1.0 : 0.0 }, logDet = 0.0
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0 * n + c]) < abs(m[$1 * n + c]) }!
            for j in 0..<n { m.swapAt(c * n + j, p * n + j); inv.swapAt(c * n + j, p * n + j) }
            let d = m[c * n + c]
            logDet += Foundation.log(abs(d))
            for j in 0..<n { m[c * n + j] /= d; inv[c * n + j] /= d }
            for r in 0..<n where r != c {
                let f = m[r * n + c]
                for j in 0..<n { m[r * n + j] -= f * m[c * n + j]; inv[r * n + j] -= f * inv[c * n + j] }
            }
        }
        return (inv, logDet)
    }

    /// The mode of Σ k_i (θ_i + m_i) − e^{θ_i + m_i} − ½ θᵀ K⁻¹ θ (Newton on the full Hessian) and (K⁻¹ + W)⁻¹.
    static func poissonMode(k: [Double], mean: [Double], covariance: [Double]) -> (mode: [Double], covariance: [Double]) {
        let n = k.count, kinv = inverse(covariance, n).inverse
        var theta = [Double](repeating: 0, count: n)
        for _ in 0..<100 {
            let mu = (0..<n).map { Foundation.exp(theta[$0] + mean[$0]) }
            let grad = (0..<n).map { i in k[i] - mu[i] - (0..<n).reduce(0) { $0 + kinv[i * n + $1] * theta[$1] } }
            var h = kinv
            for i in 0..<n { h[i * n + i] += mu[i] }
            let hinv = inverse(h, n).inverse
            let step = (0..<n).map { i in (0..<n).reduce(0) { $0 + hinv[i * n + $1] * grad[$1] } }
            theta = zip(theta, step).map { $0 + $1 }
            if step.map(abs).max()! < 1e-14 { break }
        }
        var h = kinv
        for i in 0..<n { h[i * n + i] += Foundation.exp(theta[i] + mean[i]) }
        return (theta, inverse(h, n).inverse)
    }

    /// log p(k | θ*) − ½ θ*ᵀ K⁻¹ θ* − ½ log|K| − ½ log|K⁻¹ + W|.
    static func poisson(k: [Double], mean: [Double], covariance: [Double]) -> Double {
        let n = k.count
        let (theta, _) = poissonMode(k: k, mean: mean, covariance: covariance)
        let (kinv, logDetK) = inverse(covariance, n)
        var h = kinv
        for i in 0..<n { h[i * n + i] += Foundation.exp(theta[i] + mean[i]) }
        let logDetH = inverse(h, n).logDet
        var ll = 0.0
        for i in 0..<n { let u = theta[i] + mean[i]; ll += k[i] * u - Foundation.exp(u) - Foundation.lgamma(k[i] + 1) }
        let quad = (0..<n).reduce(0.0) { s, i in s + theta[i] * (0..<n).reduce(0) { $0 + kinv[i * n + $1] * theta[$1] } }
        return ll - 0.5 * quad - 0.5 * logDetK - 0.5 * logDetH
    }
}
