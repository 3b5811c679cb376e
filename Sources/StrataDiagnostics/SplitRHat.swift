// Rank-normalised split R-hat (bulk, folded tail, and their maximum) as in the R posterior package.

/// Potential scale reduction factors of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021).
///
/// Inputs are `draws[chain][iteration]` for one scalar quantity. Results are NaN, as in
/// posterior, when a draw is not finite, when the transformed draws are constant, or when the
/// split chains have fewer than 2 draws, or when only one (unsplit) chain is left.
public enum SplitRHat {
    /// The improved R-hat: max of the bulk and tail values (posterior's `rhat`, Stan's
    /// rank-normalised split R-hat).
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func rhat(_ draws: [[Double]], variable: String = "x") throws -> Double {
        rhat(try ChainMatrix(draws, variable: variable))
    }

    /// Bulk R-hat: classic split R-hat of the rank-normalised split chains.
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func bulk(_ draws: [[Double]], variable: String = "x") throws -> Double {
        bulk(try ChainMatrix(draws, variable: variable))
    }

    /// Tail R-hat: bulk R-hat of the draws folded about their pooled median, `|x - median(x)|`.
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func tail(_ draws: [[Double]], variable: String = "x") throws -> Double {
        tail(try ChainMatrix(draws, variable: variable))
    }

    /// The classic (Gelman et al. 2013) R-hat of the chains, split in halves when `split` is true
    /// and without rank normalisation (posterior's `rhat_basic`).
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func basic(_ draws: [[Double]], split: Bool = true, variable: String = "x") throws -> Double {
        let x = try ChainMatrix(draws, variable: variable)
        guard x.allFinite else { return .nan }
        return classic(split ? x.split() : x)
    }

    /// R-hat reusing work shared with the other summaries: the rank-normalised split chains, the sorted pooled
    /// draws and the rank-normalised split chains of the draws folded about their median (each recomputed when nil).
    static func rhat(_ x: ChainMatrix, splitNormalized: ChainMatrix? = nil, sorted: [Double]? = nil,
                     foldedSplitNormalized: ChainMatrix? = nil) -> Double {
        guard x.allFinite else { return .nan }
        let b = classic(splitNormalized ?? x.split().rankNormalized())
        let t = foldedSplitNormalized.map(classic) ?? tail(x, sorted: sorted)
        if b.isNaN || t.isNaN { return .nan }
        return max(b, t)
    }

    static func bulk(_ x: ChainMatrix) -> Double {
        guard x.allFinite else { return .nan }
        return classic(x.split().rankNormalized())
    }

    static func tail(_ x: ChainMatrix, sorted: [Double]? = nil) -> Double {
        guard x.allFinite else { return .nan }
        let center = Quantiles.median(sorted: sorted ?? x.values.sorted())
        let folded = x.mapped { abs($0 - center) }
        return classic(folded.split().rankNormalized())
    }

    /// `sqrt(((n - 1)/n W + B/n) / W)` with W the mean within-chain variance and B/n the variance
    /// of the chain means (posterior's internal `.rhat`).
    static func classic(_ x: ChainMatrix) -> Double {
        let n = x.iterations
        // posterior returns NA for a single chain (the variance of one chain mean is undefined).
        guard n >= 2, x.chains >= 2, x.allFinite, !x.isConstant else { return .nan }
        var means = [Double](repeating: 0, count: x.chains)
        var withinSum = 0.0
        for c in 0..<x.chains {
            means[c] = x.chainMean(c)
            withinSum += x.chainVariance(c, mean: means[c])
        }
        let nD = Double(n)
        let within = withinSum / Double(x.chains)
        let between = nD * EffectiveSampleSize.sampleVariance(means)
        return ((between / within + nD - 1) / nD).squareRoot()
    }
}
