// Statistical checks of every `_rng` sampler: moments within 5 standard errors, KS and chi-square tests, fixed seeds.
import Foundation
import StrataCore
import StrataDistributions
import XCTest

final class RandomDrawsTests: XCTestCase {
    private let n = 20_000

    private func draws(_ family: String, _ args: [Double], seed: UInt64 = 11, count: Int? = nil) throws -> [Double] {
        var rng = ChainRNG(seed: seed, chain: 0, stream: RandomStream.generatedQuantities)
        return try RandomDraws.draw(family, arguments: args.map { [$0] }, count: count ?? n, rng: &rng)
    }

    /// Sample mean within 5 standard errors of `mean`, and sample variance within 5 standard errors of `variance`.
    private func assertMoments(_ family: String, _ args: [Double], mean: Double, variance: Double?,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try draws(family, args)
        let m = x.reduce(0, +) / Double(x.count)
        let centered = x.map { $0 - m }
        let s2 = centered.reduce(0) { $0 + $1 * $1 } / Double(x.count - 1)
        let trueVariance = variance ?? s2
        XCTAssertEqual(m, mean, accuracy: 5 * (trueVariance / Double(x.count)).squareRoot() + 1e-12,
                       "\(family)\(args) mean", file: file, line: line)
        guard let variance else { return }
        let m4 = centered.reduce(0) { $0 + $1 * $1 * $1 * $1 } / Double(x.count)
        let se = ((m4 - s2 * s2) / Double(x.count)).squareRoot()
        XCTAssertEqual(s2, variance, accuracy: 5 * se + 1e-12, "\(family)\(args) variance", file: file, line: line)
    }

    /// Kolmogorov-Smirnov distance below the 0.1 % critical value.
    private func assertKS(_ family: String, _ args: [Double], cdf: (Double) -> Double,
                          file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try draws(family, args, seed: 5).sorted()
        var d = 0.0
        for (i, v) in x.enumerated() {
            let f = cdf(v)
            d = max(d, abs(f - Double(i) / Double(x.count)), abs(Double(i + 1) / Double(x.count) - f))
        }
        XCTAssertLessThan(d, 1.95 / Double(x.count).squareRoot(), "\(family)\(args) KS distance", file: file, line: line)
    }

    /// Pearson chi-square of the counts against `pmf` over 0...maxK (the tail pooled) below a 0.1 % critical value.
    private func assertChiSquare(_ family: String, _ args: [Double], maxK: Int, pmf: (Int) -> Double,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try draws(family, args, seed: 9)
        var counts = [Double](repeating: 0, count: maxK + 2)
        for v in x { counts[min(Int(v), maxK + 1)] += 1 }
        var p = (0...maxK).map(pmf)
        p.append(max(0, 1 - p.reduce(0, +)))
        var chi2 = 0.0, bins = 0
        for (c, q) in zip(counts, p) where q * Double(x.count) >= 5 {
            chi2 += (c - q * Double(x.count)) * (c - q * Double(x.count)) / (q * Double(x.count)); bins += 1
        }
        // Wilson-Hilferty 0.999 quantile of chi-square(bins - 1).
        let k = Double(bins - 1), z = 3.09
        let critical = k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
        XCTAssertLessThan(chi2, critical, "\(family)\(args) chi-square over \(bins) bins", file: file, line: line)
    }

    private static func logChoose(_ n: Double, _ k: Double) -> Double { lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) }

    func testContinuousMoments() throws {
        try assertMoments("std_normal", [], mean: 0, variance: 1)
        try assertMoments("normal", [3, 2], mean: 3, variance: 4)
        try assertMoments("lognormal", [0.5, 0.4], mean: exp(0.5 + 0.08), variance: (exp(0.16) - 1) * exp(1 + 0.16))
        try assertMoments("student_t", [7, 1, 2], mean: 1, variance: 4 * 7 / 5)
        let delta = 2 / 5.0.squareRoot()
        try assertMoments("skew_normal", [1, 2, 2], mean: 1 + 2 * delta * (2 / Double.pi).squareRoot(),
                          variance: 4 * (1 - 2 * delta * delta / .pi))
        try assertMoments("exp_mod_normal", [1, 0.5, 2], mean: 1.5, variance: 0.25 + 0.25)
        try assertMoments("exponential", [2], mean: 0.5, variance: 0.25)
        for (a, b) in [(0.3, 2.0), (1.0, 1.0), (4.5, 0.5), (150.0, 3.0)] {
            try assertMoments("gamma", [a, b], mean: a / b, variance: a / (b * b))
        }
        try assertMoments("inv_gamma", [6, 2], mean: 2.0 / 5, variance: 4.0 / (25 * 4))
        try assertMoments("chi_square", [5], mean: 5, variance: 10)
        try assertMoments("inv_chi_square", [7], mean: 1.0 / 5, variance: 2.0 / (25 * 3))
        try assertMoments("scaled_inv_chi_square", [7, 1.5], mean: 7 * 2.25 / 5, variance: 2 * 49 * pow(2.25, 2) / (25 * 3))
        for (a, b) in [(0.2, 0.3), (2.0, 5.0), (40.0, 10.0)] {
            try assertMoments("beta", [a, b], mean: a / (a + b), variance: a * b / ((a + b) * (a + b) * (a + b + 1)))
        }
        try assertMoments("beta_proportion", [0.3, 10], mean: 0.3, variance: 0.3 * 0.7 / 11)
        try assertMoments("uniform", [-1, 3], mean: 1, variance: 16.0 / 12)
        try assertMoments("logistic", [1, 2], mean: 1, variance: 4 * Double.pi * Double.pi / 3)
        try assertMoments("double_exponential", [1, 2], mean: 1, variance: 8)
        try assertMoments("gumbel", [1, 2], mean: 1 + 2 * 0.5772156649015329, variance: Double.pi * Double.pi * 4 / 6)
        try assertMoments("weibull", [2, 3], mean: 3 * tgamma(1.5), variance: 9 * (tgamma(2) - pow(tgamma(1.5), 2)))
        try assertMoments("frechet", [5, 2], mean: 2 * tgamma(0.8), variance: 4 * (tgamma(0.6) - pow(tgamma(0.8), 2)))
        try assertMoments("rayleigh", [2], mean: 2 * (Double.pi / 2).squareRoot(), variance: (4 - Double.pi) / 2 * 4)
        try assertMoments("pareto", [1.5, 5], mean: 5 * 1.5 / 4, variance: 2.25 * 5 / (16 * 3))
        try assertMoments("pareto_type_2", [1, 2, 5], mean: 1 + 2.0 / 4, variance: 4 * 5 / (16 * 3))
    }

    func testContinuousDistributionFunctions() throws {
        try assertKS("normal", [3, 2]) { 0.5 * erfc(-($0 - 3) / (2 * 2.0.squareRoot())) }
        try assertKS("cauchy", [1, 2]) { 0.5 + atan(($0 - 1) / 2) / .pi }
        try assertKS("student_t", [1, 0, 1]) { 0.5 + atan($0) / .pi }
        try assertKS("exponential", [2]) { 1 - exp(-2 * $0) }
        try assertKS("gamma", [1, 3]) { 1 - exp(-3 * $0) }
        try assertKS("gamma", [0.5, 2]) { erf((2 * $0).squareRoot()) }
        try assertKS("chi_square", [2]) { 1 - exp(-$0 / 2) }
        try assertKS("beta", [1, 3]) { 1 - pow(1 - $0, 3) }
        try assertKS("beta", [0.5, 0.5]) { 2 / .pi * asin($0.squareRoot()) }
        try assertKS("logistic", [1, 2]) { 1 / (1 + exp(-($0 - 1) / 2)) }
        try assertKS("gumbel", [1, 2]) { exp(-exp(-($0 - 1) / 2)) }
        try assertKS("weibull", [1.5, 2]) { 1 - exp(-pow($0 / 2, 1.5)) }
        try assertKS("frechet", [3, 2]) { exp(-pow($0 / 2, -3)) }
        try assertKS("pareto", [1.5, 3]) { 1 - pow(1.5 / $0, 3) }
        try assertKS("rayleigh", [2]) { 1 - exp(-$0 * $0 / 8) }
        try assertKS("double_exponential", [1, 2]) { $0 < 1 ? 0.5 * exp(($0 - 1) / 2) : 1 - 0.5 * exp(-($0 - 1) / 2) }
        try assertKS("uniform", [-1, 3]) { min(max(($0 + 1) / 4, 0), 1) }
        try assertKS("lognormal", [0.5, 0.4]) { 0.5 * erfc(-(log($0) - 0.5) / (0.4 * 2.0.squareRoot())) }
        try assertKS("inv_gamma", [1, 2]) { exp(-2 / $0) }
    }

    func testSkewDoubleExponentialLoglogisticYuleSimonAndBetaNegBinomial() throws {
        try assertKS("skew_double_exponential", [1, 2, 0.3]) {
            let below: Double = 0.3 * exp(-0.7 * (1 - $0)), above: Double = 1 - 0.7 * exp(-0.3 * ($0 - 1))
            return $0 < 1 ? below : above
        }
        try assertKS("loglogistic", [1.5, 3]) { 1 / (1 + pow($0 / 1.5, -3)) }
        for rho in [0.7, 3.0] {
            try assertChiSquare("yule_simon", [rho], maxK: 60) { k in
                let logMass: Double = lgamma(Double(k)) + lgamma(rho + 1) - lgamma(Double(k) + rho + 1)
                return k == 0 ? 0 : rho * exp(logMass)
            }
        }
        try assertChiSquare("beta_neg_binomial", [2.5, 4, 1.5], maxK: 60) { k in
            let n = Double(k), r = 2.5, a = 4.0, b = 1.5
            let coefficient: Double = lgamma(n + r) - lgamma(n + 1) - lgamma(r)
            let ratio: Double = lgamma(r + a) + lgamma(n + b) - lgamma(r + a + n + b)
            let normaliser: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
            return exp(coefficient + ratio + normaliser)
        }
    }

    func testHypergeometric() throws {
        func logChoose(_ n: Double, _ k: Double) -> Double { lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) }
        try assertChiSquare("hypergeometric", [5, 4, 9], maxK: 4) { k in
            exp(logChoose(4, Double(k)) + logChoose(9, Double(5 - k)) - logChoose(13, 5))
        }
    }

    func testDiscreteDistributions() throws {
        for lambda in [0.7, 4.0, 37.5, 900.0] {
            try assertMoments("poisson", [lambda], mean: lambda, variance: lambda)
            let maxK = Int(lambda + 5 * lambda.squareRoot() + 5)
            try assertChiSquare("poisson", [lambda], maxK: maxK) { k in
                exp(Double(k) * log(lambda) - lambda - lgamma(Double(k) + 1))
            }
        }
        try assertMoments("poisson_log", [log(12.0)], mean: 12, variance: 12)
        for (trials, p) in [(10.0, 0.3), (60.0, 0.02), (1000.0, 0.45), (5000.0, 0.999)] {
            try assertMoments("binomial", [trials, p], mean: trials * p, variance: trials * p * (1 - p))
            try assertChiSquare("binomial", [trials, p], maxK: Int(trials)) { k in
                exp(Self.logChoose(trials, Double(k)) + Double(k) * log(p) + (trials - Double(k)) * log1p(-p))
            }
        }
        try assertMoments("binomial_logit", [80, 0.5], mean: 80 / (1 + exp(-0.5)), variance: 80 * 0.6224593312018546 * 0.3775406687981454)
        try assertMoments("bernoulli", [0.3], mean: 0.3, variance: 0.21)
        try assertMoments("bernoulli_logit", [-1], mean: 1 / (1 + exp(1)), variance: 1 / (1 + exp(1)) * (1 - 1 / (1 + exp(1))))
        try assertMoments("neg_binomial", [3, 0.5], mean: 6, variance: 3 / 0.25 * 1.5)
        try assertMoments("neg_binomial_2", [5, 2], mean: 5, variance: 5 + 25.0 / 2)
        try assertChiSquare("neg_binomial_2", [5, 2], maxK: 40) { k in
            let kk = Double(k)
            let logCoefficient: Double = lgamma(kk + 2) - lgamma(kk + 1)
            return exp(logCoefficient + 2 * log(2.0 / 7) + kk * log(5.0 / 7))
        }
        try assertMoments("neg_binomial_2_log", [log(5.0), 2], mean: 5, variance: 5 + 12.5)
        try assertMoments("beta_binomial", [20, 2, 3], mean: 8, variance: 20 * 6 * 25 / (25 * 6))
        try assertMoments("discrete_range", [-2, 5], mean: 1.5, variance: (64 - 1) / 12)
    }

    func testCategoricalAndMultivariate() throws {
        var rng = ChainRNG(seed: 3, chain: 0)
        let theta = [0.1, 0.6, 0.3]
        var counts = [0.0, 0.0, 0.0]
        for _ in 0..<n { counts[Int(try RandomDraws.categorical(theta, rng: &rng)) - 1] += 1 }
        for k in 0..<3 { XCTAssertEqual(counts[k] / Double(n), theta[k], accuracy: 5 * (theta[k] * (1 - theta[k]) / Double(n)).squareRoot()) }
        counts = [0, 0, 0]
        for _ in 0..<n { counts[Int(try RandomDraws.categoricalLogit(theta.map(log), rng: &rng)) - 1] += 1 }
        for k in 0..<3 { XCTAssertEqual(counts[k] / Double(n), theta[k], accuracy: 5 * (theta[k] * (1 - theta[k]) / Double(n)).squareRoot()) }
        // ordered logistic: P(y = 1) = 1 - logistic(eta - c1).
        var ones = 0.0
        for _ in 0..<n where try RandomDraws.orderedLogistic(0.5, [-1, 1], rng: &rng) == 1 { ones += 1 }
        let p1 = 1 - 1 / (1 + exp(-1.5))
        XCTAssertEqual(ones / Double(n), p1, accuracy: 5 * (p1 * (1 - p1) / Double(n)).squareRoot())
        // multinomial: mean N theta, each draw sums to N.
        var total = [0.0, 0.0, 0.0]
        for _ in 0..<2000 {
            let c = try RandomDraws.multinomial(theta, 50, rng: &rng)
            XCTAssertEqual(c.reduce(0, +), 50)
            for k in 0..<3 { total[k] += c[k] }
        }
        for k in 0..<3 { XCTAssertEqual(total[k] / 2000, 50 * theta[k], accuracy: 5 * (50 * theta[k] * (1 - theta[k]) / 2000).squareRoot()) }
        // dirichlet: mean alpha / sum, a valid simplex even for tiny alpha.
        let alpha = [0.5, 2, 7.5]
        var mean = [0.0, 0.0, 0.0]
        for _ in 0..<n { let d = try RandomDraws.dirichlet(alpha, rng: &rng); for k in 0..<3 { mean[k] += d[k] / Double(n) } }
        for k in 0..<3 {
            let a0 = 10.0, m = alpha[k] / a0, v = m * (1 - m) / (a0 + 1)
            XCTAssertEqual(mean[k], m, accuracy: 5 * (v / Double(n)).squareRoot())
        }
        let tiny = try RandomDraws.dirichlet([1e-3, 1e-3, 1e-3], rng: &rng)
        XCTAssertEqual(tiny.reduce(0, +), 1, accuracy: 1e-12)
        XCTAssert(tiny.allSatisfy { $0.isFinite && $0 >= 0 })
        // multi_normal: covariance of the draws.
        let sigma = [4.0, 1.2, 1.2, 1.0]
        var sxx = 0.0, sxy = 0.0, syy = 0.0, mx = 0.0, my = 0.0
        for _ in 0..<n {
            let z = try RandomDraws.multiNormal([1, -1], sigma, rng: &rng)
            mx += z[0]; my += z[1]; sxx += (z[0] - 1) * (z[0] - 1); syy += (z[1] + 1) * (z[1] + 1); sxy += (z[0] - 1) * (z[1] + 1)
        }
        let m = Double(n)
        XCTAssertEqual(mx / m, 1, accuracy: 5 * (4 / m).squareRoot())
        XCTAssertEqual(my / m, -1, accuracy: 5 * (1 / m).squareRoot())
        XCTAssertEqual(sxx / m, 4, accuracy: 5 * 4 * (2 / m).squareRoot())
        XCTAssertEqual(syy / m, 1, accuracy: 5 * (2 / m).squareRoot())
        XCTAssertEqual(sxy / m, 1.2, accuracy: 5 * ((4 + 1.44) / m).squareRoot())
        // multi_student_t with nu = 6: covariance nu / (nu - 2) Sigma.
        var s00 = 0.0
        for _ in 0..<n { let z = try RandomDraws.multiStudentT(6, [0, 0], sigma, rng: &rng); s00 += z[0] * z[0] }
        XCTAssertEqual(s00 / m, 1.5 * 4, accuracy: 0.35)
        // wishart(nu, S): mean nu S; inv_wishart(nu, S): mean S / (nu - K - 1).
        var w = [0.0, 0.0, 0.0, 0.0], iw = [0.0, 0.0, 0.0, 0.0]
        for _ in 0..<4000 {
            let a = try RandomDraws.wishart(5, sigma, rng: &rng), b = try RandomDraws.invWishart(8, sigma, rng: &rng)
            for k in 0..<4 { w[k] += a[k] / 4000; iw[k] += b[k] / 4000 }
        }
        for k in 0..<4 { XCTAssertEqual(w[k], 5 * sigma[k], accuracy: 0.05 * 5 * 4) }
        for k in 0..<4 { XCTAssertEqual(iw[k], sigma[k] / 5, accuracy: 0.05 * 4 / 5 + 0.02) }
    }

    /// wishart_cholesky_rng is the Cholesky factor of wishart_rng's draw from the same stream (and likewise inv_).
    func testCholeskyWishartDrawsAreFactorsOfTheWishartDraws() throws {
        let sigma = [4.0, 1.2, 1.2, 1.0], l = [2.0, 0, 0.6, 0.8]      // l lᵀ = sigma
        for inverse in [false, true] {
            var r1 = ChainRNG(seed: 7, chain: 0), r2 = ChainRNG(seed: 7, chain: 0)
            let w = inverse ? try RandomDraws.invWishart(6, sigma, rng: &r1) : try RandomDraws.wishart(6, sigma, rng: &r1)
            let f = inverse ? try RandomDraws.invWishartCholesky(6, l, rng: &r2) : try RandomDraws.wishartCholesky(6, l, rng: &r2)
            XCTAssertEqual(f[1], 0)
            XCTAssertGreaterThan(f[0], 0)
            XCTAssertGreaterThan(f[3], 0)
            let product = [f[0] * f[0], f[0] * f[2], f[2] * f[0], f[2] * f[2] + f[3] * f[3]]
            for k in 0..<4 { XCTAssertEqual(product[k], w[k], accuracy: 1e-12 * max(1, abs(w[k])), "inverse: \(inverse)") }
        }
        var rng = ChainRNG(seed: 1, chain: 0)
        XCTAssertThrowsError(try RandomDraws.wishartCholesky(6, [2, 0.5, 0.6, 0.8], rng: &rng)) {
            XCTAssert("\($0)".contains("wishart_cholesky_rng: the Cholesky factor is not lower triangular"), "\($0)")
        }
    }

    func testArgumentErrorsNameTheFunctionAndArgument() {
        var rng = ChainRNG(seed: 1, chain: 0)
        func message(_ body: () throws -> Any) -> String {
            do { _ = try body(); return "" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try RandomDraws.draw("normal", arguments: [[0], [-1]], count: 1, rng: &rng) },
                       "normal_rng: sigma (argument 2) is -1, but must be positive and finite")
        XCTAssertEqual(message { try RandomDraws.draw("poisson", arguments: [[1, -2, 3]], count: 3, rng: &rng) },
                       "poisson_rng: lambda[2] (argument 1) is -2, but must be in [0, 1.07374e+09)")
        XCTAssertEqual(message { try RandomDraws.draw("binomial", arguments: [[10], [1.5]], count: 1, rng: &rng) },
                       "binomial_rng: theta (argument 2) is 1.5, but must be in [0, 1]")
        XCTAssertEqual(message { try RandomDraws.draw("uniform", arguments: [[2], [1]], count: 1, rng: &rng) },
                       "uniform_rng: upper bound beta is 1, but must be greater than alpha = 2")
        XCTAssert(message { try RandomDraws.categorical([0.5, 0.6], rng: &rng) }.hasPrefix("categorical_rng: theta is not a valid simplex"))
        XCTAssert(message { try RandomDraws.multiNormal([0, 0], [1, 2, 2, 1], rng: &rng) }.contains("not positive definite"))
        XCTAssert(message { try RandomDraws.dirichlet([1, 0], rng: &rng) }.hasPrefix("dirichlet_rng: alpha[2]"))
    }
}
