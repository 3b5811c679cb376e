// Named constructors for every distribution family, for `ModelBuilder.sample(_:_:)`.
import StrataAutodiff
import StrataDistributions

public extension Distribution {
    /// normal(0, 1).
    static var stdNormal: Distribution { Distribution { y, p in y.graph.stdNormalLpdf(y, propto: p) } }
    /// student_t(ν, μ, σ).
    static func studentT(_ nu: Expr, _ mu: Expr, _ sigma: Expr) -> Distribution {
        Distribution { y, p in y.graph.studentTLpdf(y, nu, mu, sigma, propto: p) }
    }
    /// cauchy(μ, σ).
    static func cauchy(_ mu: Expr, _ sigma: Expr) -> Distribution {
        Distribution { y, p in y.graph.cauchyLpdf(y, mu, sigma, propto: p) }
    }
    /// exponential(β) with rate β.
    static func exponential(_ rate: Expr) -> Distribution {
        Distribution { y, p in y.graph.exponentialLpdf(y, rate, propto: p) }
    }
    /// gamma(α, β) with shape α and rate β.
    static func gamma(_ shape: Expr, _ rate: Expr) -> Distribution {
        Distribution { y, p in y.graph.gammaLpdf(y, shape, rate, propto: p) }
    }
    /// inv_gamma(α, β).
    static func invGamma(_ shape: Expr, _ scale: Expr) -> Distribution {
        Distribution { y, p in y.graph.invGammaLpdf(y, shape, scale, propto: p) }
    }
    /// lognormal(μ, σ).
    static func lognormal(_ mu: Expr, _ sigma: Expr) -> Distribution {
        Distribution { y, p in y.graph.lognormalLpdf(y, mu, sigma, propto: p) }
    }
    /// beta(a, b).
    static func beta(_ a: Expr, _ b: Expr) -> Distribution {
        Distribution { y, p in y.graph.betaLpdf(y, a, b, propto: p) }
    }
    /// uniform(a, b).
    static func uniform(_ a: Expr, _ b: Expr) -> Distribution {
        Distribution { y, p in y.graph.uniformLpdf(y, a, b, propto: p) }
    }
    /// bernoulli(θ).
    static func bernoulli(_ theta: Expr) -> Distribution {
        Distribution { n, p in n.graph.bernoulliLpmf(n, theta, propto: p) }
    }
    /// bernoulli_logit(α).
    static func bernoulliLogit(_ alpha: Expr) -> Distribution {
        Distribution { n, p in n.graph.bernoulliLogitLpmf(n, alpha, propto: p) }
    }
    /// binomial(N, θ).
    static func binomial(_ trials: Expr, _ theta: Expr) -> Distribution {
        Distribution { n, p in n.graph.binomialLpmf(n, trials, theta, propto: p) }
    }
    /// binomial_logit(N, α).
    static func binomialLogit(_ trials: Expr, _ alpha: Expr) -> Distribution {
        Distribution { n, p in n.graph.binomialLogitLpmf(n, trials, alpha, propto: p) }
    }
    /// poisson(λ).
    static func poisson(_ lambda: Expr) -> Distribution {
        Distribution { n, p in n.graph.poissonLpmf(n, lambda, propto: p) }
    }
    /// poisson_log(α).
    static func poissonLog(_ alpha: Expr) -> Distribution {
        Distribution { n, p in n.graph.poissonLogLpmf(n, alpha, propto: p) }
    }
    /// multi_normal_cholesky(μ, L).
    static func multiNormalCholesky(_ mu: Expr, _ cholesky: Expr) -> Distribution {
        Distribution { y, p in y.graph.multiNormalCholeskyLpdf(y, mu, cholesky, propto: p) }
    }
    /// lkj_corr_cholesky(η).
    static func lkjCorrCholesky(_ eta: Expr) -> Distribution {
        Distribution { l, p in l.graph.lkjCorrCholeskyLpdf(l, eta, propto: p) }
    }
}
