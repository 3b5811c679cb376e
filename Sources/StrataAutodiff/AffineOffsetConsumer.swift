// An operation that can compute one of its vector inputs itself when the graph built it as an affine chain.

/// An operation reading one vector input (its offset) that can compute it itself from the terms of the chain of
/// sums and scalar × vector products the graph built it with (``AffineLocationFusion``), so that gradients and
/// log densities skip the chain's nodes and the vector never goes through memory.
public protocol AffineOffsetConsumer: GraphOperation {
    /// The vector input the operation can compute itself.
    var offset: Slot { get }
    /// The operation computing its offset as `terms[0] ± terms[1] ± ...`, or nil when it does not take such terms
    /// (then the chain stays as recorded).
    func computingOffset(_ terms: [AffineTerm]) -> (any GraphOperation)?
}
