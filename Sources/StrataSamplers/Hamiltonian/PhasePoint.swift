// A point in phase space (position, momentum) with its cached velocity, gradient and energies.

/// A point `(q, p)` of Hamiltonian phase space plus the quantities cached alongside it.
///
/// The potential energy is `-logDensity` and the kinetic energy is `0.5 pᵀ M⁻¹ p`; the velocity
/// `M⁻¹ p` is Stan's `dtau_dp` ("p sharp"). All four vectors have the model's dimension and are
/// reused in place: assign with ``assign(from:)`` (an element copy), never with `=`, to keep the
/// leapfrog loop free of copy-on-write allocations.
public struct PhasePoint: Codable {
    /// Unconstrained position q.
    public var position: [Double]
    /// Momentum p.
    public var momentum: [Double]
    /// Velocity M⁻¹ p (Stan's `dtau_dp`, the "sharp" momentum used by the no-U-turn criterion).
    public var velocity: [Double]
    /// Gradient of the log density at `position`.
    public var gradient: [Double]
    /// Log density at `position`; `-infinity` when the evaluation failed or was not finite.
    public var logDensity: Double
    /// Kinetic energy `0.5 pᵀ M⁻¹ p`.
    public var kineticEnergy: Double

    /// A zero-filled point of the given dimension.
    public init(dimension: Int) {
        // Four separate allocations, so no buffer shares storage (no copy-on-write later).
        position = [Double](repeating: 0, count: dimension)
        momentum = [Double](repeating: 0, count: dimension)
        velocity = [Double](repeating: 0, count: dimension)
        gradient = [Double](repeating: 0, count: dimension)
        logDensity = 0
        kineticEnergy = 0
    }

    /// The number of coordinates.
    @inlinable public var dimension: Int { position.count }

    /// The Hamiltonian `H = -log p(q) + K(p)`, with NaN mapped to `+infinity` as Stan does.
    @inlinable public var hamiltonian: Double {
        let h = kineticEnergy - logDensity
        return h.isNaN ? .infinity : h
    }

    /// Copies every field of `other` into this point's existing buffers (no allocation).
    @inlinable
    public mutating func assign(from other: PhasePoint) {
        VectorKernels.copy(other.position, into: &position)
        VectorKernels.copy(other.momentum, into: &momentum)
        VectorKernels.copy(other.velocity, into: &velocity)
        VectorKernels.copy(other.gradient, into: &gradient)
        logDensity = other.logDensity
        kineticEnergy = other.kineticEnergy
    }
}
