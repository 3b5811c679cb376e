// Monte Carlo standard errors of posterior means.

/// Monte Carlo standard errors (Vehtari et al. 2021; posterior's `mcse_mean`).
public enum MonteCarloStandardError {
    /// MCSE of the mean: `sd(x) / sqrt(ess_mean(x))`, with the pooled standard deviation.
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func mean(_ draws: [[Double]], variable: String = "x") throws -> Double {
        mean(try ChainMatrix(draws, variable: variable))
    }

    /// MCSE of the type-7 quantile at `probability` (posterior's `mcse_quantile`).
    ///
    /// With `E` the quantile's ESS (`EffectiveSampleSize.quantile`), the bounds of a ±1 sd interval
    /// for the quantile's rank come from Beta(E p + 1, E (1 - p) + 1) at probabilities 0.1586553
    /// and 0.8413447; the MCSE is half the distance between the sorted draws at those ranks
    /// (floor of the lower and ceiling of the upper rank, clamped to 1 ... S).
    /// - Throws: `DiagnosticsError` for bad chains or a probability outside [0, 1].
    public static func quantile(_ draws: [[Double]], probability: Double, variable: String = "x") throws -> Double {
        guard probability >= 0, probability <= 1 else { throw DiagnosticsError.invalidProbability(probability) }
        let x = try ChainMatrix(draws, variable: variable)
        let ess = EffectiveSampleSize.quantile(x, probability: probability)
        guard ess.isFinite else { return .nan }
        let a = ess * probability + 1
        let b = ess * (1 - probability) + 1
        let lower = IncompleteBeta.inverse(0.1586553, a: a, b: b)
        let upper = IncompleteBeta.inverse(0.8413447, a: a, b: b)
        let sorted = x.values.sorted()
        let s = Double(sorted.count)
        let i1 = max(Int((lower * s).rounded(.down)), 1)
        let i2 = min(Int((upper * s).rounded(.up)), sorted.count)
        return (sorted[i2 - 1] - sorted[i1 - 1]) / 2
    }

    static func mean(_ x: ChainMatrix) -> Double {
        Quantiles.standardDeviation(x.values) / EffectiveSampleSize.mean(x).squareRoot()
    }
}
