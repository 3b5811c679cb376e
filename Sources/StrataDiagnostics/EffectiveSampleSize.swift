// Effective sample size (basic, bulk, tail, mean, quantile) as in the R posterior package.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Effective sample size estimators of Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021),
/// "Rank-normalization, folding, and localization: an improved R-hat", as computed by the R
/// `posterior` package (`ess_bulk`, `ess_tail`, `ess_mean`, `ess_quantile`) and Stan.
///
/// Inputs are `draws[chain][iteration]` for one scalar quantity. A result is NaN, as in posterior,
/// when a draw is not finite, when the (transformed) draws are constant, or when the split
/// chains have fewer than 3 draws.
public enum EffectiveSampleSize {
    /// Bulk-ESS: ESS of the rank-normalised split chains (posterior's `ess_bulk`).
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func bulk(_ draws: [[Double]], variable: String = "x") throws -> Double {
        bulk(try ChainMatrix(draws, variable: variable))
    }

    /// Tail-ESS: the smaller of the ESS of the 5% and 95% quantile indicators
    /// (posterior's `ess_tail`).
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func tail(_ draws: [[Double]], variable: String = "x") throws -> Double {
        tail(try ChainMatrix(draws, variable: variable))
    }

    /// ESS for the mean: ESS of the split chains without rank normalisation (posterior's `ess_mean`).
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    public static func mean(_ draws: [[Double]], variable: String = "x") throws -> Double {
        mean(try ChainMatrix(draws, variable: variable))
    }

    /// ESS of the quantile estimate at `probability`: ESS of the split chains of the indicator
    /// `x <= q_p`, with `q_p` the pooled type-7 quantile (posterior's `ess_quantile`).
    /// - Throws: `DiagnosticsError` for bad chains or a probability outside [0, 1].
    public static func quantile(_ draws: [[Double]], probability: Double, variable: String = "x") throws -> Double {
        guard probability >= 0, probability <= 1 else { throw DiagnosticsError.invalidProbability(probability) }
        return quantile(try ChainMatrix(draws, variable: variable), probability: probability)
    }

    /// ESS of draws used as given (no splitting, no rank normalisation): posterior's internal
    /// `.ess`, the multi-chain estimator of Vehtari et al. (2021), section 3.2, with Geyer's
    /// initial positive and initial monotone sequences and the antithetic-case improvement.
    /// - Throws: `DiagnosticsError` when the chains are missing, empty or ragged.
    /// - Parameter allLagsByFFT: take every autocovariance from the FFT instead of summing the first lags
    ///   directly (the same estimator to rounding; for comparing the two).
    public static func basic(_ draws: [[Double]], variable: String = "x", allLagsByFFT: Bool = false) throws -> Double {
        ess(try ChainMatrix(draws, variable: variable), directLags: !allLagsByFFT)
    }

    static func bulk(_ x: ChainMatrix, splitNormalized: ChainMatrix? = nil) -> Double {
        guard x.allFinite else { return .nan }
        return ess(splitNormalized ?? x.split().rankNormalized())
    }

    static func tail(_ x: ChainMatrix, sorted: [Double]? = nil) -> Double {
        guard x.allFinite, !x.isConstant else { return .nan }
        let sorted = sorted ?? x.values.sorted()
        return min(quantile(x, sorted: sorted, probability: 0.05),
                   quantile(x, sorted: sorted, probability: 0.95))
    }

    static func mean(_ x: ChainMatrix) -> Double {
        guard x.allFinite else { return .nan }
        return ess(x.split())
    }

    static func quantile(_ x: ChainMatrix, probability: Double) -> Double {
        guard x.allFinite, !x.isConstant else { return .nan }
        return quantile(x, sorted: x.values.sorted(), probability: probability)
    }

    private static func quantile(_ x: ChainMatrix, sorted: [Double], probability: Double) -> Double {
        var p = probability
        if p == 1 {
            // posterior moves p = 1 just inside so that the indicator is not constant.
            let s = Double(sorted.count)
            p = (s - 0.5) / s
        }
        let q = Quantiles.quantile(sorted: sorted, probability: p)
        return ess(x.mapped { $0 <= q ? 1 : 0 }.split())
    }

    /// posterior's `.ess` on already prepared (split and/or normalised) chains.
    ///
    /// Geyer's sequences stop at the first lag pair whose autocorrelations sum to zero or less, a few lags for
    /// well-mixed chains, so the mean autocovariances are first summed directly, lag by lag as the sequence asks
    /// for them (the same biased estimator, to rounding). Only chains still correlated past
    /// ``directLagLimit`` lags take all lags from the FFT (``AutocovarianceWorkspace``), for every lag.
    /// - Parameter directLags: false takes every lag from the FFT (for tests comparing the two).
    static func ess(_ x: ChainMatrix, directLags: Bool = true) -> Double {
        let m = x.chains
        let n = x.iterations
        guard n >= 3, x.allFinite, !x.isConstant else { return .nan }
        if directLags {
            let direct = DirectAutocovariance(x)
            if let r = geyer(x, acovMean: { direct.mean(lag: $0) }) { return r }
        }
        // Mean autocovariance over chains at each lag.
        var workspace = AutocovarianceWorkspace(chainLength: n)
        var acovA = [Double](repeating: 0, count: n)
        var acovB = [Double](repeating: 0, count: n)
        var acovMeans = [Double](repeating: 0, count: n)
        var c = 0
        while c < m {
            // Two chains per complex FFT.
            let first = x.values[(c * n)..<((c + 1) * n)]
            let second = c + 1 < m ? x.values[((c + 1) * n)..<((c + 2) * n)] : nil
            workspace.computePair(first, second, into: &acovA, &acovB)
            for t in 0..<n { acovMeans[t] += acovA[t] }
            if second != nil { for t in 0..<n { acovMeans[t] += acovB[t] } }
            c += 2
        }
        for t in 0..<n { acovMeans[t] /= Double(m) }
        return geyer(x, acovMean: { acovMeans[$0] })!
    }

    /// Lags summed directly before the FFT takes over (its cost is that of roughly a hundred direct lags).
    static let directLagLimit = 32

    /// The ESS from the mean autocovariances over chains, `acovMean(t)`; nil as soon as `acovMean` is (a lag it
    /// does not serve).
    private static func geyer(_ x: ChainMatrix, acovMean: (Int) -> Double?) -> Double? {
        let m = x.chains
        let n = x.iterations
        let chainMeans = (0..<m).map { x.chainMean($0) }
        guard let acov0 = acovMean(0) else { return nil }
        let nD = Double(n)
        let meanVar = acov0 * nD / (nD - 1)
        var varPlus = meanVar * (nD - 1) / nD
        if m > 1 { varPlus += sampleVariance(chainMeans) }
        func rho(_ t: Int) -> Double? { acovMean(t).map { 1 - (meanVar - $0) / varPlus } }

        // Geyer's initial positive sequence over pairs (even, odd) of lags.
        var rhoHat = [Double](repeating: 0, count: n)
        var t = 0
        var rhoEven = 1.0
        guard var rhoOdd = rho(1) else { return nil }
        rhoHat[0] = rhoEven
        rhoHat[1] = rhoOdd
        while t < n - 5, !(rhoEven + rhoOdd).isNaN, rhoEven + rhoOdd > 0 {
            t += 2
            guard let even = rho(t), let odd = rho(t + 1) else { return nil }
            rhoEven = even
            rhoOdd = odd
            if rhoEven + rhoOdd >= 0 {
                rhoHat[t] = rhoEven
                rhoHat[t + 1] = rhoOdd
            }
        }
        let maxT = t
        // Used by the improved (antithetic) estimate.
        if rhoEven > 0 { rhoHat[maxT] = rhoEven }

        // Geyer's initial monotone sequence.
        t = 0
        while t <= maxT - 4 {
            t += 2
            if rhoHat[t] + rhoHat[t + 1] > rhoHat[t - 2] + rhoHat[t - 1] {
                rhoHat[t] = (rhoHat[t - 2] + rhoHat[t - 1]) / 2
                rhoHat[t + 1] = rhoHat[t]
            }
        }
        let total = Double(m * n)
        var sum = 0.0
        for k in 0..<maxT { sum += rhoHat[k] }
        var tau = -1 + 2 * sum + rhoHat[maxT]
        // Cap at total * log10(total) to avoid unstable antithetic estimates.
        tau = max(tau, 1 / log10(total))
        return total / tau
    }

    /// Sample variance (n - 1 denominator) of a small array.
    static func sampleVariance(_ values: [Double]) -> Double {
        let k = Double(values.count)
        var mean = 0.0
        for v in values { mean += v }
        mean /= k
        var s = 0.0
        for v in values { s += (v - mean) * (v - mean) }
        return s / (k - 1)
    }
}
