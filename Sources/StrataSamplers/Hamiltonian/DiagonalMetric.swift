// Diagonal metric: p_i ~ N(0, 1/m_i) with m_i the inverse-metric diagonal (Stan's diag_e_metric).
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A diagonal Euclidean metric stored as the diagonal of M⁻¹ (Stan's `diag_e_metric`).
///
/// Momentum draws are `p_i = z_i / sqrt(invM_i)` with `z_i ~ N(0, 1)`; the velocity is
/// `invM ⊙ p`. Each operation is O(d) and allocation-free.
public struct DiagonalMetric: Metric {
    /// The diagonal of the inverse metric (estimated posterior variances after adaptation).
    public private(set) var inverseDiagonal: [Double]
    /// 1 / sqrt(inverseDiagonal), cached for momentum draws.
    @usableFromInline var momentumScale: [Double]

    /// The unit diagonal metric of the given dimension.
    public init(dimension: Int) {
        inverseDiagonal = [Double](repeating: 1, count: dimension)
        momentumScale = inverseDiagonal
    }

    /// A diagonal metric with the given inverse-metric diagonal.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` if an entry is not finite and positive.
    public init(inverseDiagonal: [Double]) throws {
        self.init(dimension: inverseDiagonal.count)
        try setInverseDiagonal(inverseDiagonal)
    }

    /// Number of coordinates.
    public var dimension: Int { inverseDiagonal.count }

    /// Replaces the inverse-metric diagonal.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` if an entry is not finite and positive.
    public mutating func setInverseDiagonal(_ values: [Double]) throws {
        guard values.count == dimension else {
            throw SamplerError.invalidConfiguration(
                "inverse metric diagonal has \(values.count) entries, expected \(dimension)")
        }
        for (i, v) in values.enumerated() where !(v.isFinite && v > 0) {
            throw SamplerError.invalidConfiguration("inverse metric diagonal entry \(i) is \(v), not finite and positive")
        }
        VectorKernels.copy(values, into: &inverseDiagonal)
        for i in 0..<values.count { momentumScale[i] = 1 / sqrt(values[i]) }
    }

    /// Draws p ~ N(0, M), i.e. `p_i = z_i / sqrt(invM_i)`.
    @inlinable
    public mutating func sampleMomentum(into momentum: inout [Double], rng: inout ChainRNG) {
        for i in 0..<momentum.count { momentum[i] = rng.normal() * momentumScale[i] }
    }

    /// Velocity `invM ⊙ p`.
    @inlinable
    public func velocity(of momentum: [Double], into velocity: inout [Double]) {
        VectorKernels.multiply(inverseDiagonal, momentum, into: &velocity)
    }

    /// A Welford variance estimator for one window.
    public func makeAccumulator() -> WelfordVariance { WelfordVariance(dimension: dimension) }

    /// Sets `invM = (n/(n+5)) var + 1e-3 (5/(n+5))`, Stan's `var_adaptation::learn_variance`.
    public mutating func adapt(from accumulator: WelfordVariance) throws {
        let regularised = accumulator.regularisedVariance()
        guard regularised.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw SamplerError.metricAdaptationFailed(
                "numerical overflow in metric adaptation: the variance estimate is not finite; the posterior may be improper or too wide")
        }
        try setInverseDiagonal(regularised)
    }

    /// `.diagonal(inverseDiagonal)`.
    public var inverseMetric: InverseMetric { .diagonal(inverseDiagonal) }
}
