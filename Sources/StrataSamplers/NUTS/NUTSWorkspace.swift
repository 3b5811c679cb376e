// Preallocated per-chain storage for NUTS trajectories (no allocation during a transition).

/// Views of the buffers of one internal tree depth (reused by every subtree of that depth).
@usableFromInline
struct TreeLevel {
    @usableFromInline let pInitEnd, pSharpInitEnd, rhoInit, pFinalBeg, pSharpFinalBeg, rhoFinal, rhoSubtree: RawVector
    @usableFromInline let proposeFinal: PointSlot

    /// Doubles one level occupies.
    @inlinable static func stride(_ d: Int) -> Int { 7 * d + PointSlot.stride(d) }

    @inlinable init(base: UnsafeMutablePointer<Double>, dimension d: Int) {
        func v(_ k: Int) -> RawVector { RawVector(base: base + k * d, count: d) }
        pInitEnd = v(0); pSharpInitEnd = v(1); rhoInit = v(2); pFinalBeg = v(3)
        pSharpFinalBeg = v(4); rhoFinal = v(5); rhoSubtree = v(6)
        proposeFinal = PointSlot(base: base + 7 * d, dimension: d)
    }
}

/// Views of the top-level trajectory buffers (Stan's `z_fwd`, `z_bck`, `z_sample`, `z_propose`,
/// the eight boundary momenta `p_fwd_fwd`, `p_sharp_fwd_fwd`, ..., and the summed momenta).
@usableFromInline
struct TrajectoryBuffers {
    @usableFromInline let zForward, zBackward, zSample, zPropose: PointSlot
    @usableFromInline let pFwdFwd, pSharpFwdFwd, pFwdBck, pSharpFwdBck: RawVector
    @usableFromInline let pBckFwd, pSharpBckFwd, pBckBck, pSharpBckBck: RawVector
    @usableFromInline let rho, rhoFwd, rhoBck, rhoExtended: RawVector
    @usableFromInline let levelBase: UnsafeMutablePointer<Double>
    @usableFromInline let dimension: Int

    /// Doubles the top-level buffers occupy.
    @inlinable static func stride(_ d: Int) -> Int { 4 * PointSlot.stride(d) + 12 * d }

    @inlinable init(base: UnsafeMutablePointer<Double>, dimension d: Int) {
        let s = PointSlot.stride(d)
        zForward = PointSlot(base: base, dimension: d)
        zBackward = PointSlot(base: base + s, dimension: d)
        zSample = PointSlot(base: base + 2 * s, dimension: d)
        zPropose = PointSlot(base: base + 3 * s, dimension: d)
        let vectors = base + 4 * s
        func v(_ k: Int) -> RawVector { RawVector(base: vectors + k * d, count: d) }
        pFwdFwd = v(0); pSharpFwdFwd = v(1); pFwdBck = v(2); pSharpFwdBck = v(3)
        pBckFwd = v(4); pSharpBckFwd = v(5); pBckBck = v(6); pSharpBckBck = v(7)
        rho = v(8); rhoFwd = v(9); rhoBck = v(10); rhoExtended = v(11)
        levelBase = vectors + 12 * d
        dimension = d
    }

    /// The buffers of internal tree depth `depth` (1-based).
    @inlinable func level(_ depth: Int) -> TreeLevel {
        TreeLevel(base: levelBase + depth * TreeLevel.stride(dimension), dimension: dimension)
    }
}

/// All scratch storage one chain needs for NUTS transitions, allocated once.
///
/// One raw allocation holds every trajectory buffer (viewed through pointer structs, so the
/// recursive tree builder does no reference counting), plus an array-backed moving point that is
/// handed to the model's evaluator. Not thread-safe: one per chain.
public final class NUTSWorkspace {
    @usableFromInline let storage: UnsafeMutablePointer<Double>
    @usableFromInline let storageCount: Int
    @usableFromInline let buffers: TrajectoryBuffers
    /// The moving point of the integrator (array-backed because the evaluator takes arrays).
    @usableFromInline var z: PhasePoint
    /// The deepest tree the buffers support.
    public let maxDepth: Int

    /// Allocates buffers for `dimension` coordinates and trees up to `maxDepth` doublings.
    public init(dimension d: Int, maxDepth: Int) {
        self.maxDepth = maxDepth
        storageCount = TrajectoryBuffers.stride(d) + (max(1, maxDepth) + 1) * TreeLevel.stride(d)
        storage = .allocate(capacity: storageCount)
        storage.initialize(repeating: 0, count: storageCount)
        buffers = TrajectoryBuffers(base: storage, dimension: d)
        z = PhasePoint(dimension: d)
    }

    deinit { storage.deallocate() }

    /// The number of coordinates the buffers hold.
    public var dimension: Int { buffers.dimension }
}
