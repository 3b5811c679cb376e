// Rank normalisation (normal scores of pooled ranks) and folding, Vehtari et al. (2021).

/// Transformations of draws used by the rank-based R-hat and ESS.
public enum RankNormalization {
    /// Blom's fractional offset, the default of posterior's `z_scale`.
    public static let blomOffset = 3.0 / 8.0

    /// Normal scores of the pooled ranks: `Φ⁻¹((r - c) / (S - 2c + 1))`.
    ///
    /// `r` are the average ranks of all `S` values together (ties share their mean rank) and `c`
    /// the fractional offset (3/8 gives `(r - 3/8) / (S + 1/4)`). This is posterior's `z_scale`
    /// and Vehtari et al. (2021), eq. 14.
    /// - Parameters:
    ///   - values: the draws (no NaN).
    ///   - offset: the fractional offset c.
    /// - Returns: the normal scores in the input order.
    public static func normalScores(_ values: [Double], offset: Double = blomOffset) -> [Double] {
        let ranks = Ranks.averageRanks(values)
        let denominator = Double(values.count) - 2 * offset + 1
        return ranks.map { NormalQuantile.inverseCDF(($0 - offset) / denominator) }
    }

    /// Absolute deviations from the median, `|x - median(x)|` (posterior's `fold_draws`).
    /// - Parameter values: the draws.
    /// - Returns: the folded draws in the input order.
    public static func folded(_ values: [Double]) -> [Double] {
        let m = Quantiles.median(values)
        return values.map { abs($0 - m) }
    }
}

extension ChainMatrix {
    /// The same shape with every draw replaced by its pooled normal score.
    func rankNormalized() -> ChainMatrix {
        ChainMatrix(values: RankNormalization.normalScores(values), chains: chains, iterations: iterations)
    }
}
