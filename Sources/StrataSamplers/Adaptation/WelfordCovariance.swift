// Welford's streaming mean/covariance, with Stan's shrinkage toward 1e-3 I.
import StrataLinearAlgebra

/// Streaming covariance (Welford), Stan's `welford_covar_estimator`. Each draw costs O(d²).
public struct WelfordCovariance: MetricAccumulator {
    /// Number of draws added.
    public private(set) var count: Int = 0
    /// Running mean.
    public private(set) var mean: [Double]
    /// Running sum of outer products of deviations, row-major d x d.
    public private(set) var sumOuter: [Double]
    @usableFromInline var delta: [Double]

    /// An empty estimator for `dimension` coordinates.
    public init(dimension: Int) {
        mean = [Double](repeating: 0, count: dimension)
        delta = mean
        sumOuter = [Double](repeating: 0, count: dimension * dimension)
    }

    /// Adds one draw: `delta = x - mean; mean += delta/n; m2 += (x - mean) deltaᵀ`.
    public mutating func add(_ x: [Double]) {
        count += 1
        let n = Double(count), d = mean.count
        for i in 0..<d {
            delta[i] = x[i] - mean[i]
            mean[i] += delta[i] / n
        }
        sumOuter.withUnsafeMutableBufferPointer { m2 in
            for i in 0..<d {
                let a = x[i] - mean[i]
                let row = i * d
                for j in 0..<d { m2[row + j] += a * delta[j] }
            }
        }
    }

    /// Forgets all draws.
    public mutating func restart() {
        count = 0
        VectorKernels.zero(&mean)
        VectorKernels.zero(&sumOuter)
    }

    /// The unbiased sample covariance `m2 / (n - 1)`, symmetrised (zeros when fewer than two draws).
    public func sampleCovariance() -> Matrix {
        let d = mean.count
        var c = Matrix(rows: d, columns: d)
        guard count > 1 else { return c }
        let denominator = Double(count - 1)
        for i in 0..<d {
            for j in 0..<d {
                c[i, j] = 0.5 * (sumOuter[i * d + j] + sumOuter[j * d + i]) / denominator
            }
        }
        return c
    }

    /// Stan's regularised estimate `(n/(n+5)) Cov + 1e-3 (5/(n+5)) I`.
    public func regularisedCovariance() -> Matrix {
        let n = Double(count), d = mean.count
        let w = n / (n + 5), shrink = 1e-3 * (5 / (n + 5))
        var c = sampleCovariance()
        for i in 0..<(d * d) { c.elements[i] *= w }
        for i in 0..<d { c[i, i] += shrink }
        return c
    }
}
