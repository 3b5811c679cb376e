// The generalised no-U-turn criterion on summed momenta (Betancourt 2017, appendix A.4.2).

/// The generalised no-U-turn criterion used by Stan's `base_nuts::compute_criterion`.
///
/// A trajectory segment with summed momentum `rho` and velocities (sharp momenta `M⁻¹p`)
/// `pSharpMinus`, `pSharpPlus` at its two ends keeps expanding while both
/// `pSharpPlus · rho > 0` and `pSharpMinus · rho > 0` (Betancourt 2017, "A Conceptual
/// Introduction to Hamiltonian Monte Carlo", appendix A.4.2).
public enum UTurnCriterion {
    /// Whether the segment has not yet turned back on itself.
    @inlinable
    public static func persists(pSharpMinus: [Double], pSharpPlus: [Double], rho: [Double]) -> Bool {
        VectorKernels.dot(pSharpPlus, rho) > 0 && VectorKernels.dot(pSharpMinus, rho) > 0
    }
}

extension UTurnCriterion {
    /// The criterion on workspace views (used by the tree builder).
    @inlinable
    static func persists(pSharpMinus: RawVector, pSharpPlus: RawVector, rho: RawVector) -> Bool {
        pSharpPlus.dot(rho) > 0 && pSharpMinus.dot(rho) > 0
    }
}
