// Preallocated per-chain buffers for NUTS trajectories (no allocation during a transition).

/// Buffers of one internal tree level (one per depth, reused by every subtree of that depth).
@usableFromInline
final class TreeLevel {
    @usableFromInline var pInitEnd: [Double]
    @usableFromInline var pSharpInitEnd: [Double]
    @usableFromInline var rhoInit: [Double]
    @usableFromInline var pFinalBeg: [Double]
    @usableFromInline var pSharpFinalBeg: [Double]
    @usableFromInline var rhoFinal: [Double]
    @usableFromInline var rhoSubtree: [Double]
    @usableFromInline var proposeFinal: PhasePoint

    init(dimension d: Int) {
        // Separate allocations, so no buffer shares storage (no copy-on-write in the hot loop).
        func fresh() -> [Double] { [Double](repeating: 0, count: d) }
        pInitEnd = fresh(); pSharpInitEnd = fresh(); rhoInit = fresh()
        pFinalBeg = fresh(); pSharpFinalBeg = fresh(); rhoFinal = fresh(); rhoSubtree = fresh()
        proposeFinal = PhasePoint(dimension: d)
    }
}

/// All scratch storage one chain needs for NUTS transitions, allocated once.
///
/// Holds the moving point, the two trajectory ends, the sample and proposal, Stan's eight
/// boundary momenta (`p_fwd_fwd`, `p_sharp_fwd_fwd`, ...), the summed momenta, and one
/// ``TreeLevel`` per possible subtree depth. Not thread-safe: one per chain.
public final class NUTSWorkspace {
    @usableFromInline var z: PhasePoint
    @usableFromInline var zForward: PhasePoint
    @usableFromInline var zBackward: PhasePoint
    @usableFromInline var zSample: PhasePoint
    @usableFromInline var zPropose: PhasePoint
    @usableFromInline var pFwdFwd: [Double], pSharpFwdFwd: [Double]
    @usableFromInline var pFwdBck: [Double], pSharpFwdBck: [Double]
    @usableFromInline var pBckFwd: [Double], pSharpBckFwd: [Double]
    @usableFromInline var pBckBck: [Double], pSharpBckBck: [Double]
    @usableFromInline var rho: [Double], rhoFwd: [Double], rhoBck: [Double], rhoExtended: [Double]
    @usableFromInline var levels: [TreeLevel]

    /// Allocates buffers for `dimension` coordinates and trees up to `maxDepth` doublings.
    public init(dimension d: Int, maxDepth: Int) {
        func fresh() -> [Double] { [Double](repeating: 0, count: d) }
        func point() -> PhasePoint { PhasePoint(dimension: d) }
        z = point(); zForward = point(); zBackward = point(); zSample = point(); zPropose = point()
        pFwdFwd = fresh(); pSharpFwdFwd = fresh(); pFwdBck = fresh(); pSharpFwdBck = fresh()
        pBckFwd = fresh(); pSharpBckFwd = fresh(); pBckBck = fresh(); pSharpBckBck = fresh()
        rho = fresh(); rhoFwd = fresh(); rhoBck = fresh(); rhoExtended = fresh()
        levels = (0...max(1, maxDepth)).map { _ in TreeLevel(dimension: d) }
    }

    /// The number of coordinates the buffers hold.
    public var dimension: Int { z.dimension }
    /// The deepest tree the buffers support.
    public var maxDepth: Int { levels.count - 1 }
}
