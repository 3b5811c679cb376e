// Which univariate families Stan gives cumulative distribution functions (_cdf, _lcdf, _lccdf), needed for truncation.

extension Distributions {
    /// Univariate families for which Stan defines no CDFs: their `_cdf`/`_lcdf`/`_lccdf` calls and `T[,]`
    /// truncation are errors (Stan Functions Reference; stanc3 `--dump-stan-math-distributions`).
    static let familiesWithoutCDF: Set<String> = [
        "poisson_log", "bernoulli_logit", "binomial_logit", "neg_binomial_2_log",
    ]

    /// Families whose CDFs Strata computes (the lowering's `DistributionRegistry.cdfFamilies`; a test keeps the two
    /// lists equal). The CDFs of the other families Stan defines are reported as unsupported features.
    public static let implementedCDFs: Set<String> = [
        "normal", "student_t", "lognormal", "exponential", "cauchy", "logistic", "gumbel", "double_exponential",
        "weibull", "skew_double_exponential", "loglogistic", "pareto", "pareto_type_2", "rayleigh", "frechet", "uniform",
        "exp_mod_normal", "std_normal", "poisson", "neg_binomial", "neg_binomial_2", "bernoulli", "binomial", "beta_binomial",
        "gamma", "inv_gamma", "chi_square", "inv_chi_square", "scaled_inv_chi_square", "beta", "beta_proportion",
        "skew_normal", "yule_simon", "beta_neg_binomial", "discrete_range", "von_mises",
    ]

    /// Numbers of arguments (after the outcome) of family forms Stan has and Strata does not implement (none now).
    static let unsupportedArities: [String: Set<Int>] = [:]

    /// `true` if `family` has `_cdf`, `_lcdf` and `_lccdf` functions (and so may be truncated).
    public static func hasCDF(_ family: DistributionFamily) -> Bool {
        family.isUnivariate && !familiesWithoutCDF.contains(family.name)
    }
}
