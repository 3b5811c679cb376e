// An operation that can compute one of its vector inputs itself when the graph built it as an affine chain.

/// An operation reading one vector input (a marginal likelihood's offset, or its slope) that can compute it itself
/// from the terms of the chain of sums, scalar × vector products and `exp(s * x)` factors the graph built it with
/// (``AffineLocationFusion``), so that gradients and log densities skip the chain's nodes.
public protocol AffineInputConsumer: GraphOperation {
    /// The vector input the operation can compute itself.
    var affineInput: Slot { get }
    /// The operation computing ``affineInput`` as `terms[0] ± terms[1] ± ...`, or nil when it does not take such
    /// terms (then the chain stays as recorded).
    func computingAffineInput(_ terms: [AffineTerm]) -> (any GraphOperation)?
}
