// Monte Carlo standard errors of posterior means.

/// Monte Carlo standard errors (Vehtari et al. 2021; posterior's `mcse_mean`).
public enum MonteCarloStandardError {
    /// MCSE of the mean: `sd(x) / sqrt(ess_mean(x))`, with the pooled standard deviation.
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func mean(_ draws: [[Double]], variable: String = "x") throws -> Double {
        mean(try ChainMatrix(draws, variable: variable))
    }

    static func mean(_ x: ChainMatrix) -> Double {
        Quantiles.standardDeviation(x.values) / EffectiveSampleSize.mean(x).squareRoot()
    }
}
