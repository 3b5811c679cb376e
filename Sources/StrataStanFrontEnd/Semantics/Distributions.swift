// The table of probability distributions (for ~ and _lpdf/_lpmf/_cdf/_rng calls) supported by Strata.

/// A distribution family such as `normal`, with the argument patterns of its density.
public struct DistributionFamily: Hashable, Sendable {
    /// Family name (`normal`).
    public var name: String
    /// Pattern of the variate (the left of `~` / `|`).
    public var variate: ArgumentPattern
    /// Patterns of the parameters.
    public var parameters: [ArgumentPattern]
    /// `true` for probability mass functions (`_lpmf`).
    public var isDiscrete: Bool
    /// `true` for univariate families that also have `_cdf`, `_lcdf`, `_lccdf` (and so allow truncation).
    public var isUnivariate: Bool
    /// Return rule of `name_rng`, or `nil` if Strata provides no RNG for it.
    public var rng: ReturnRule?
    /// Argument patterns of `name_rng` when they differ from the density's parameters (`multinomial_rng(theta, N)`).
    public var rngParameters: [ArgumentPattern]? = nil

    /// The density suffix: `_lpmf` for discrete families, `_lpdf` otherwise.
    public var densitySuffix: String { isDiscrete ? "_lpmf" : "_lpdf" }
}

/// The distribution families known to the checker (Stan Functions Reference, "Distributions" part).
public enum Distributions {
    private static let V = ArgumentPattern.type(.vector), M = ArgumentPattern.type(.matrix)
    private static let R = ArgumentPattern.type(.real), I = ArgumentPattern.type(.int)

    /// Families that exist in Stan but that Strata does not implement.
    public static let unsupported: Set<String> = [
        "matrix_normal_prec", "poisson_binomial",
    ]

    /// Families by name.
    public static let families: [String: [DistributionFamily]] = build()

    private static func build() -> [String: [DistributionFamily]] {
        var table: [String: [DistributionFamily]] = [:]
        func continuous(_ name: String, _ arity: Int) {
            table[name, default: []].append(DistributionFamily(
                name: name, variate: .reals, parameters: Array(repeating: .reals, count: arity), isDiscrete: false,
                isUnivariate: true, rng: .realOrArray))
        }
        func discrete(_ name: String, _ params: [ArgumentPattern], rng: ReturnRule? = .intOrArray,
                      univariate: Bool = true) {
            table[name, default: []].append(DistributionFamily(
                name: name, variate: .ints, parameters: params, isDiscrete: true, isUnivariate: univariate, rng: rng))
        }
        func multivariate(_ name: String, _ variate: ArgumentPattern, _ params: [ArgumentPattern],
                          rng: ReturnRule?) {
            table[name, default: []].append(DistributionFamily(
                name: name, variate: variate, parameters: params, isDiscrete: false, isUnivariate: false, rng: rng))
        }
        continuous("std_normal", 0)
        for name in ["exponential", "chi_square", "inv_chi_square", "rayleigh"] { continuous(name, 1) }
        for name in ["normal", "cauchy", "gamma", "inv_gamma", "lognormal", "beta", "uniform", "weibull", "logistic",
                     "double_exponential", "gumbel", "scaled_inv_chi_square", "pareto", "frechet", "beta_proportion",
                     "von_mises"] {
            continuous(name, 2)
        }
        for name in ["student_t", "skew_normal", "exp_mod_normal", "pareto_type_2", "skew_double_exponential"] {
            continuous(name, 3)
        }
        continuous("loglogistic", 2)
        // wiener(alpha, tau, beta, delta), with the drift's sd sv, with sv, sw and st0, and with a precision after sv or st0;
        // no CDF (its `wiener_lcdf_unnorm`/`wiener_lccdf_unnorm` are functions), no RNG.
        for arity in 4...8 {
            table["wiener", default: []].append(DistributionFamily(
                name: "wiener", variate: .reals, parameters: Array(repeating: .reals, count: arity), isDiscrete: false,
                isUnivariate: false, rng: nil))
        }
        discrete("yule_simon", [.reals])
        discrete("beta_neg_binomial", [.reals, .reals, .reals])
        for name in ["poisson", "poisson_log", "bernoulli", "bernoulli_logit"] { discrete(name, [.reals]) }
        for name in ["binomial", "binomial_logit"] { discrete(name, [.ints, .reals]) }
        for name in ["neg_binomial", "neg_binomial_2", "neg_binomial_2_log"] { discrete(name, [.reals, .reals]) }
        discrete("beta_binomial", [.ints, .reals, .reals])
        discrete("discrete_range", [.ints, .ints])
        discrete("categorical", [V], rng: .fixed(.int), univariate: false)
        discrete("categorical_logit", [V], rng: .fixed(.int), univariate: false)
        discrete("ordered_logistic", [.reals, V], rng: .fixed(.int), univariate: false)
        discrete("ordered_logistic", [.reals, .type(.array(.vector))], rng: nil, univariate: false)
        discrete("ordered_probit", [.reals, V], rng: nil, univariate: false)
        discrete("ordered_probit", [.reals, .type(.array(.vector))], rng: nil, univariate: false)
        table["multinomial", default: []].append(DistributionFamily(
            name: "multinomial", variate: .type(.array(.int)), parameters: [V], isDiscrete: true, isUnivariate: false,
            rng: .fixed(.array(.int)), rngParameters: [V, I]))
        table["dirichlet_multinomial", default: []].append(DistributionFamily(
            name: "dirichlet_multinomial", variate: .type(.array(.int)), parameters: [V], isDiscrete: true,
            isUnivariate: false, rng: .fixed(.array(.int)), rngParameters: [V, I]))
        // hypergeometric(n | N, a, b): integers only, no CDF.
        table["hypergeometric", default: []].append(DistributionFamily(
            name: "hypergeometric", variate: I, parameters: [I, I, I], isDiscrete: true, isUnivariate: false, rng: .fixed(.int)))
        table["multinomial_logit", default: []].append(DistributionFamily(
            name: "multinomial_logit", variate: .type(.array(.int)), parameters: [V], isDiscrete: true,
            isUnivariate: false, rng: .fixed(.array(.int)), rngParameters: [V, I]))
        // GLM forms: y | x, alpha, beta (…) equals the base family at alpha + x * beta.
        multivariate("normal_id_glm", .reals, [M, .reals, V, .reals], rng: nil)
        discrete("poisson_log_glm", [M, .reals, V], rng: nil, univariate: false)
        discrete("neg_binomial_2_log_glm", [M, .reals, V, .reals], rng: nil, univariate: false)
        discrete("binomial_logit_glm", [.ints, M, .reals, V], rng: nil, univariate: false)
        // Row-vector forms: one row of predictors shared by every observation.
        let RV = ArgumentPattern.type(.rowVector)
        multivariate("normal_id_glm", V, [RV, .reals, V, .reals], rng: nil)
        discrete("poisson_log_glm", [RV, .reals, V], rng: nil, univariate: false)
        // bernoulli_logit_glm_rng(x, alpha, beta): one draw per row of x (or per element of alpha).
        for x in [M, RV] {
            table["bernoulli_logit_glm", default: []].append(DistributionFamily(
                name: "bernoulli_logit_glm", variate: .ints, parameters: [x, .reals, V], isDiscrete: true, isUnivariate: false,
                rng: .fixed(.array(.int)), rngParameters: [x, .reals, V]))
        }
        discrete("neg_binomial_2_log_glm", [RV, .reals, V, .reals], rng: nil, univariate: false)
        discrete("binomial_logit_glm", [.ints, RV, .reals, V], rng: nil, univariate: false)
        for x in [M, RV] {
            discrete("categorical_logit_glm", [x, V, M], rng: nil, univariate: false)
            discrete("ordered_logistic_glm", [x, V, V], rng: nil, univariate: false)
        }
        // gaussian_dlm_obs(y | F, G, V, W, m0, C0), V a covariance matrix or the vector of its diagonal.
        multivariate("gaussian_dlm_obs", M, [M, M, M, M, V, M], rng: nil)
        multivariate("gaussian_dlm_obs", M, [M, M, V, M, V, M], rng: nil)
        multivariate("multi_normal", .vectors, [.vectors, M], rng: .vectorOrArray(0))
        multivariate("multi_normal_cholesky", .vectors, [.vectors, M], rng: .vectorOrArray(0))
        multivariate("multi_normal_prec", .vectors, [.vectors, M], rng: nil)
        multivariate("multi_student_t", .vectors, [R, .vectors, M], rng: .vectorOrArray(1))
        multivariate("multi_student_t_cholesky", .vectors, [R, .vectors, M], rng: .vectorOrArray(1))
        multivariate("dirichlet", .vectors, [.vectors], rng: .fixed(.vector))
        for name in ["lkj_corr", "lkj_corr_cholesky"] {
            table[name, default: []].append(DistributionFamily(
                name: name, variate: M, parameters: [R], isDiscrete: false, isUnivariate: false, rng: .fixed(.matrix),
                rngParameters: [I, R]))
        }
        multivariate("wishart", M, [R, M], rng: .fixed(.matrix))
        multivariate("inv_wishart", M, [R, M], rng: .fixed(.matrix))
        multivariate("wishart_cholesky", M, [R, M], rng: .fixed(.matrix))
        multivariate("multi_gp", M, [M, V], rng: nil)
        multivariate("multi_gp_cholesky", M, [M, V], rng: nil)
        multivariate("lkj_cov", M, [V, V, R], rng: nil)
        multivariate("lkj_cov", M, [R, R, R], rng: nil)
        multivariate("inv_wishart_cholesky", M, [R, M], rng: .fixed(.matrix))
        return table
    }

    /// Suffixes of functions derived from a family, e.g. `normal_lpdf`.
    public static let suffixes = ["_lpdf", "_lupdf", "_lpmf", "_lupmf", "_cdf", "_lcdf", "_lccdf", "_rng"]

    /// Splits `name` into (family, suffix) if it ends in a distribution suffix.
    public static func split(_ name: String) -> (family: String, suffix: String)? {
        for suffix in suffixes where name.hasSuffix(suffix) && name.count > suffix.count {
            return (String(name.dropLast(suffix.count)), suffix)
        }
        return nil
    }

    /// All function names derived from the supported families (for "did you mean" suggestions).
    public static var derivedFunctionNames: [String] {
        families.values.flatMap { overloads -> [String] in
            let family = overloads[0]
            var names = [family.name + family.densitySuffix,
                         family.name + (family.isDiscrete ? "_lupmf" : "_lupdf")]
            if family.isUnivariate { names += ["_cdf", "_lcdf", "_lccdf"].map { family.name + $0 } }
            if family.rng != nil { names.append(family.name + "_rng") }
            return names
        }
    }
}
