// Diagonal-plus-low-rank metric: M⁻¹ = S (I + U (Λ - I) Uᵀ) S with U d x k; every product is O(d k) BLAS.
import StrataCore
import StrataLinearAlgebra

/// A Euclidean metric whose inverse is `diag(s) (I + U (diag(λ) - I) Uᵀ) diag(s)` (nutpie's
/// low-rank modified mass matrix). Storage is O(d k): the scales, the k eigenvalues and the d x k
/// orthonormal directions; no d x d matrix is ever formed.
///
/// - Velocity: `M⁻¹ p = s ⊙ (t + U ((λ - 1) ⊙ Uᵀ t))` with `t = s ⊙ p` (two `dgemv` on U).
/// - Momentum: `p = (z + U ((λ^-½ - 1) ⊙ Uᵀ z)) / s` with `z ~ N(0, I)`, so `Cov(p) = M`.
/// - Kinetic energy: `½ p · M⁻¹ p`.
public struct LowRankMetric: Metric {
    /// The current factors.
    public private(set) var factors: LowRankFactors
    @usableFromInline var velocityFactor: [Double]   // λ - 1
    @usableFromInline var momentumFactor: [Double]   // λ^-½ - 1
    @usableFromInline let scratch: Scratch

    /// Per-chain scratch space of k doubles (metrics are used by one chain at a time).
    @usableFromInline final class Scratch: @unchecked Sendable {
        @usableFromInline var coefficients: [Double] = []
    }

    /// The identity metric of the given dimension (rank 0).
    public init(dimension: Int) {
        factors = LowRankFactors(scale: [Double](repeating: 1, count: dimension), values: [],
                                 vectors: Matrix(rows: dimension, columns: 0))
        velocityFactor = []; momentumFactor = []
        scratch = Scratch()
    }

    /// A metric with the given factors.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` if a scale or eigenvalue is not finite and
    ///   positive or a direction entry is not finite.
    public init(factors: LowRankFactors) throws {
        self.init(dimension: factors.dimension)
        try setFactors(factors)
    }

    /// Number of coordinates.
    public var dimension: Int { factors.dimension }

    /// Replaces the factors.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` on a wrong size or invalid entries.
    public mutating func setFactors(_ f: LowRankFactors) throws {
        guard f.dimension == dimension else {
            throw SamplerError.invalidConfiguration("low-rank metric has \(f.dimension) scales, expected \(dimension)")
        }
        for (i, s) in f.scale.enumerated() where !(s.isFinite && s > 0) {
            throw SamplerError.invalidConfiguration("low-rank metric scale \(i) is \(s), not finite and positive")
        }
        for (j, v) in f.values.enumerated() where !(v.isFinite && v > 0) {
            throw SamplerError.invalidConfiguration("low-rank metric eigenvalue \(j) is \(v), not finite and positive")
        }
        guard f.vectors.elements.allSatisfy({ $0.isFinite }) else {
            throw SamplerError.invalidConfiguration("low-rank metric directions have non-finite entries")
        }
        factors = f
        velocityFactor = f.values.map { $0 - 1 }
        momentumFactor = f.values.map { 1 / $0.squareRoot() - 1 }
        scratch.coefficients = [Double](repeating: 0, count: f.rank)
    }

    /// Sets a pure diagonal inverse metric (rank 0) with entries `inverseDiagonal`.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` if an entry is not finite and positive.
    public mutating func setInverseDiagonal(_ inverseDiagonal: [Double]) throws {
        try setFactors(LowRankFactors(scale: inverseDiagonal.map { $0.squareRoot() }, values: [],
                                      vectors: Matrix(rows: inverseDiagonal.count, columns: 0)))
    }

    /// `x += U (factor ⊙ Uᵀ x)` through two BLAS `dgemv` calls on the d x k directions.
    @inlinable
    func applyCorrection(_ factor: [Double], to x: inout [Double]) {
        let d = dimension, k = factor.count
        if k == 0 { return }
        factors.vectors.elements.withUnsafeBufferPointer { u in
            scratch.coefficients.withUnsafeMutableBufferPointer { c in
                x.withUnsafeMutableBufferPointer { v in
                    BLAS.gemv(transpose: true, rows: d, columns: k, a: u.baseAddress!, x: v.baseAddress!,
                              y: c.baseAddress!)
                    for j in 0..<k { c[j] *= factor[j] }
                    BLAS.gemv(rows: d, columns: k, a: u.baseAddress!, x: c.baseAddress!, beta: 1, y: v.baseAddress!)
                }
            }
        }
    }

    /// Draws p ~ N(0, M).
    @inlinable
    public mutating func sampleMomentum(into momentum: inout [Double], rng: inout ChainRNG) {
        for i in 0..<momentum.count { momentum[i] = rng.normal() }
        applyCorrection(momentumFactor, to: &momentum)
        let s = factors.scale
        for i in 0..<momentum.count { momentum[i] /= s[i] }
    }

    /// Velocity `M⁻¹ p`.
    @inlinable
    public func velocity(of momentum: [Double], into velocity: inout [Double]) {
        VectorKernels.multiply(factors.scale, momentum, into: &velocity)
        applyCorrection(velocityFactor, to: &velocity)
        let s = factors.scale
        velocity.withUnsafeMutableBufferPointer { v in
            s.withUnsafeBufferPointer { sc in for i in 0..<v.count { v[i] *= sc[i] } }
        }
    }

    /// Stan's windowed adaptation does not apply (the metric is validated against it).
    public func makeAccumulator() -> NoAccumulator { NoAccumulator() }

    /// Not adapted by Stan's windowed scheme.
    public mutating func adapt(from accumulator: NoAccumulator) throws {}

    /// `.lowRank(factors)`.
    public var inverseMetric: InverseMetric { .lowRank(factors) }

    private enum CodingKeys: String, CodingKey { case factors }

    /// Restores a metric saved with ``encode(to:)`` (the cached factors are recomputed from the same values).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(factors: container.decode(LowRankFactors.self, forKey: .factors))
    }

    /// Saves the factors (the scratch space and cached factors are derived from them).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(factors, forKey: .factors)
    }
}
