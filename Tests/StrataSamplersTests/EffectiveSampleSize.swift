// Test-only multi-chain ESS (Geyer initial positive sequence, Stan's combination of chains) and MCSE.
import Foundation

/// Effective sample size and Monte Carlo standard error for the tests.
enum TestESS {
    /// Multi-chain ESS of the mean: chain autocovariances averaged and combined with the
    /// between-chain variance as Stan does, truncated by Geyer's initial positive sequence with
    /// the monotone adjustment.
    static func ess(_ chains: [[Double]]) -> Double {
        let m = chains.count, n = chains[0].count
        let means = chains.map { $0.reduce(0, +) / Double(n) }
        func autocovariance(_ c: Int, _ lag: Int) -> Double {
            let x = chains[c], mu = means[c]
            var s = 0.0
            for i in 0..<(n - lag) { s += (x[i] - mu) * (x[i + lag] - mu) }
            return s / Double(n)
        }
        let acov0 = (0..<m).map { autocovariance($0, 0) }
        let w = acov0.reduce(0, +) / Double(m) * Double(n) / Double(n - 1)
        let grandMean = means.reduce(0, +) / Double(m)
        let between = m > 1 ? means.reduce(0) { $0 + ($1 - grandMean) * ($1 - grandMean) } / Double(m - 1) : 0
        let varPlus = w * Double(n - 1) / Double(n) + between
        guard varPlus > 0 else { return Double(m * n) }
        func rho(_ lag: Int) -> Double {
            if lag == 0 { return 1 }
            let mean = (0..<m).reduce(0.0) { $0 + autocovariance($1, lag) } / Double(m)
            return 1 - (w - mean) / varPlus
        }
        var sum = 0.0
        var previousPair = Double.infinity
        var t = 0
        while t + 1 < n {
            var pair = rho(t) + rho(t + 1)
            if pair <= 0 { break }
            pair = min(pair, previousPair)
            sum += pair
            previousPair = pair
            t += 2
        }
        let tau = max(-1 + 2 * sum, 1.0 / log10(Double(m * n)))
        return Double(m * n) / tau
    }

    /// Sample mean and variance of all chains pooled.
    static func meanAndVariance(_ chains: [[Double]]) -> (mean: Double, variance: Double) {
        let all = chains.flatMap { $0 }
        let mean = all.reduce(0, +) / Double(all.count)
        let variance = all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count - 1)
        return (mean, variance)
    }

    /// MCSE of the mean: sd / sqrt(ESS).
    static func mcseOfMean(_ chains: [[Double]]) -> Double {
        (meanAndVariance(chains).variance / ess(chains)).squareRoot()
    }
}
