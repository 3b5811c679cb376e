// Which univariate families Stan gives cumulative distribution functions (_cdf, _lcdf, _lccdf), needed for truncation.

extension Distributions {
    /// Univariate families for which Stan defines no CDFs: their `_cdf`/`_lcdf`/`_lccdf` calls and `T[,]`
    /// truncation are errors (Stan Functions Reference; stanc3 `--dump-stan-math-distributions`).
    static let familiesWithoutCDF: Set<String> = [
        "poisson_log", "bernoulli_logit", "binomial_logit", "neg_binomial_2_log",
    ]

    /// `true` if `family` has `_cdf`, `_lcdf` and `_lccdf` functions (and so may be truncated).
    static func hasCDF(_ family: DistributionFamily) -> Bool {
        family.isUnivariate && !familiesWithoutCDF.contains(family.name)
    }
}
