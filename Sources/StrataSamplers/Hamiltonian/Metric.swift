// The Euclidean metric protocol (momentum distribution N(0, M)) and its warmup accumulator protocol.
import StrataCore
import StrataLinearAlgebra

/// A Euclidean metric M for Hamiltonian Monte Carlo: momenta are drawn from N(0, M) and the
/// kinetic energy is `0.5 pᵀ M⁻¹ p` (Stan's `unit_e_metric`, `diag_e_metric`, `dense_e_metric`).
///
/// Samplers are generic over the metric (`NUTSKernel<M: Metric>`), so these calls are
/// specialised and never go through an existential in the leapfrog loop.
public protocol Metric: Sendable, Codable {
    /// The estimator that collects warmup draws to adapt this metric.
    associatedtype Accumulator: MetricAccumulator

    /// Number of coordinates.
    var dimension: Int { get }

    /// Draws a momentum p ~ N(0, M) into `momentum` (Stan's `sample_p`).
    mutating func sampleMomentum(into momentum: inout [Double], rng: inout ChainRNG)

    /// Writes the velocity `M⁻¹ p` (Stan's `dtau_dp`) into `velocity`.
    func velocity(of momentum: [Double], into velocity: inout [Double])

    /// A fresh accumulator for one adaptation window.
    func makeAccumulator() -> Accumulator

    /// Replaces the inverse metric by the regularised estimate from `accumulator`
    /// (Stan's `var_adaptation` / `covar_adaptation` shrinkage).
    /// - Throws: ``SamplerError/metricAdaptationFailed(_:)`` when the estimate is not finite or
    ///   not positive definite.
    mutating func adapt(from accumulator: Accumulator) throws

    /// The current inverse metric, for output.
    var inverseMetric: InverseMetric { get }
}

public extension Metric {
    /// Kinetic energy `0.5 pᵀ M⁻¹ p` given the momentum and its velocity.
    @inlinable
    func kineticEnergy(momentum: [Double], velocity: [Double]) -> Double {
        0.5 * VectorKernels.dot(momentum, velocity)
    }
}

/// Collects positions during an adaptation window (Welford estimators).
public protocol MetricAccumulator: Codable {
    /// Adds one draw.
    mutating func add(_ x: [Double])
    /// Forgets every draw (Stan's `restart()` at the start of each window).
    mutating func restart()
    /// Number of draws added since the last restart.
    var count: Int { get }
}

/// The inverse metric a chain used or adapted, as reported in results and CSV comments.
public enum InverseMetric: Equatable, Sendable {
    /// The identity, of the given dimension.
    case unit(dimension: Int)
    /// The diagonal of M⁻¹.
    case diagonal([Double])
    /// The full M⁻¹.
    case dense(Matrix)
    /// `diag(s) (I + U (diag(λ) - I) Uᵀ) diag(s)`.
    case lowRank(LowRankFactors)
}

/// An accumulator that collects nothing, for metrics that are never adapted.
public struct NoAccumulator: MetricAccumulator {
    /// Creates the empty accumulator.
    public init() {}
    /// Ignores the draw.
    public mutating func add(_ x: [Double]) {}
    /// Does nothing.
    public mutating func restart() {}
    /// Always 0.
    public var count: Int { 0 }
}
