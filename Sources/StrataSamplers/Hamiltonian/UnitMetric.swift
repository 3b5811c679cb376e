// The identity metric: p ~ N(0, I), velocity = p (Stan's unit_e_metric).
import StrataCore

/// The identity metric M = I (Stan's `unit_e_metric`). It is never adapted.
public struct UnitMetric: Metric {
    /// Number of coordinates.
    public let dimension: Int

    /// The identity metric of the given dimension.
    public init(dimension: Int) { self.dimension = dimension }

    /// Draws p ~ N(0, I).
    @inlinable
    public mutating func sampleMomentum(into momentum: inout [Double], rng: inout ChainRNG) {
        for i in 0..<momentum.count { momentum[i] = rng.normal() }
    }

    /// Velocity = p.
    @inlinable
    public func velocity(of momentum: [Double], into velocity: inout [Double]) {
        VectorKernels.copy(momentum, into: &velocity)
    }

    /// An accumulator that ignores its draws.
    public func makeAccumulator() -> NoAccumulator { NoAccumulator() }

    /// The unit metric stays the identity.
    public mutating func adapt(from accumulator: NoAccumulator) throws {}

    /// `.unit(dimension:)`.
    public var inverseMetric: InverseMetric { .unit(dimension: dimension) }
}
