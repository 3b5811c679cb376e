// Welford's streaming mean/variance per coordinate, with Stan's shrinkage toward 1e-3.

/// Streaming per-coordinate variance (Welford 1962), Stan's `welford_var_estimator`.
public struct WelfordVariance: MetricAccumulator {
    /// Number of draws added.
    public private(set) var count: Int = 0
    /// Running mean.
    public private(set) var mean: [Double]
    /// Running sum of squared deviations.
    public private(set) var sumSquares: [Double]

    /// An empty estimator for `dimension` coordinates.
    public init(dimension: Int) {
        mean = [Double](repeating: 0, count: dimension)
        sumSquares = mean
    }

    /// Adds one draw: `delta = x - mean; mean += delta/n; m2 += (x - mean) * delta`.
    public mutating func add(_ x: [Double]) {
        count += 1
        let n = Double(count)
        for i in 0..<mean.count {
            let delta = x[i] - mean[i]
            mean[i] += delta / n
            sumSquares[i] += (x[i] - mean[i]) * delta
        }
    }

    /// Forgets all draws.
    public mutating func restart() {
        count = 0
        VectorKernels.zero(&mean)
        VectorKernels.zero(&sumSquares)
    }

    /// The unbiased sample variance `m2 / (n - 1)` (zeros when fewer than two draws).
    public func sampleVariance() -> [Double] {
        guard count > 1 else { return [Double](repeating: 0, count: mean.count) }
        let d = Double(count - 1)
        return sumSquares.map { $0 / d }
    }

    /// Stan's regularised estimate `(n/(n+5)) var + 1e-3 (5/(n+5))`.
    public func regularisedVariance() -> [Double] {
        let n = Double(count)
        let w = n / (n + 5), shrink = 1e-3 * (5 / (n + 5))
        return sampleVariance().map { w * $0 + shrink }
    }
}
