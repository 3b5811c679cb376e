// Dense metric: p ~ N(0, M) through the Cholesky factor of M⁻¹ (Stan's dense_e_metric).
import StrataCore
import StrataLinearAlgebra

/// A dense Euclidean metric stored as the full inverse metric M⁻¹ and its lower Cholesky factor L
/// (M⁻¹ = L Lᵀ), as Stan's `dense_e_metric`.
///
/// Momentum draws solve `Lᵀ p = z` with `z ~ N(0, I)`, so `Cov(p) = (L Lᵀ)⁻¹ = M`. The velocity is
/// `M⁻¹ p` (one BLAS `dgemv`, O(d²) as in Stan).
public struct DenseMetric: Metric {
    /// The inverse metric M⁻¹ (estimated posterior covariance after adaptation).
    public private(set) var inverse: Matrix
    /// Lower Cholesky factor of M⁻¹.
    public private(set) var choleskyLower: Matrix

    /// The identity metric of the given dimension.
    public init(dimension: Int) {
        inverse = Matrix.identity(dimension)
        choleskyLower = inverse
    }

    /// A dense metric with the given inverse metric.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` if it is not square, finite and
    ///   positive definite.
    public init(inverse: Matrix) throws {
        self.init(dimension: inverse.rows)
        try setInverse(inverse)
    }

    /// Number of coordinates.
    public var dimension: Int { inverse.rows }

    /// Replaces M⁻¹ and refactorises it.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` on a wrong size, a non-finite entry or a
    ///   matrix that is not positive definite.
    public mutating func setInverse(_ m: Matrix) throws {
        guard m.rows == dimension, m.columns == dimension else {
            throw SamplerError.invalidConfiguration(
                "dense inverse metric is \(m.rows)x\(m.columns), expected \(dimension)x\(dimension)")
        }
        guard m.elements.allSatisfy({ $0.isFinite }) else {
            throw SamplerError.invalidConfiguration("dense inverse metric has non-finite entries")
        }
        do {
            choleskyLower = try Cholesky(m).lower
        } catch {
            throw SamplerError.invalidConfiguration("dense inverse metric: \(error)")
        }
        inverse = m
    }

    /// Draws p ~ N(0, M) by back substitution `Lᵀ p = z`, in place (no allocation).
    public mutating func sampleMomentum(into momentum: inout [Double], rng: inout ChainRNG) {
        let n = dimension
        for i in 0..<n { momentum[i] = rng.normal() }
        choleskyLower.elements.withUnsafeBufferPointer { l in
            momentum.withUnsafeMutableBufferPointer { p in
                var i = n - 1
                while i >= 0 {
                    var s = p[i]
                    var j = i + 1
                    while j < n { s -= l[j * n + i] * p[j]; j += 1 }
                    p[i] = s / l[i * n + i]
                    i -= 1
                }
            }
        }
    }

    /// Velocity `M⁻¹ p` (BLAS dgemv).
    public func velocity(of momentum: [Double], into velocity: inout [Double]) {
        let n = dimension
        if n == 0 { return }
        inverse.elements.withUnsafeBufferPointer { a in
            momentum.withUnsafeBufferPointer { x in
                velocity.withUnsafeMutableBufferPointer { y in
                    BLAS.gemv(rows: n, columns: n, a: a.baseAddress!, x: x.baseAddress!, y: y.baseAddress!)
                }
            }
        }
    }

    /// A Welford covariance estimator for one window.
    public func makeAccumulator() -> WelfordCovariance { WelfordCovariance(dimension: dimension) }

    /// Sets `M⁻¹ = (n/(n+5)) Cov + 1e-3 (5/(n+5)) I`, Stan's `covar_adaptation::learn_covariance`.
    public mutating func adapt(from accumulator: WelfordCovariance) throws {
        let regularised = accumulator.regularisedCovariance()
        guard regularised.elements.allSatisfy({ $0.isFinite }) else {
            throw SamplerError.metricAdaptationFailed(
                "numerical overflow in metric adaptation: the covariance estimate is not finite; the posterior may be improper or too wide")
        }
        do {
            try setInverse(regularised)
        } catch {
            throw SamplerError.metricAdaptationFailed("adapted covariance is not positive definite: \(error)")
        }
    }

    /// `.dense(inverse)`.
    public var inverseMetric: InverseMetric { .dense(inverse) }
}
