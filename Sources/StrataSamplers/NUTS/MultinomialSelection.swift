// Multinomial sampling of the proposal: biased progressive at the top level, uniform within subtrees.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two multinomial selection rules of Stan's `base_nuts` (Betancourt 2017, appendix A.3.2).
///
/// Weights are `exp(H0 - H)` and are tracked as log sums.
public enum MultinomialSelection {
    /// `log(exp(a) + exp(b))`, exact when either argument is `-infinity`.
    @inlinable
    public static func logSumExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        if a == .infinity || b == .infinity { return .infinity }
        let m = a > b ? a : b
        return m + log1p(exp(-abs(a - b)))
    }

    /// Biased progressive sampling at the top level: a new subtree with log weight `newLogWeight`
    /// replaces the current sample with probability `min(1, w_new / w_old)`.
    /// Draws a uniform only when the ratio is below 1, exactly as Stan does.
    @inlinable
    public static func acceptsBiased(newLogWeight: Double, oldLogWeight: Double, rng: inout ChainRNG) -> Bool {
        if newLogWeight > oldLogWeight { return true }
        return rng.uniform() < exp(newLogWeight - oldLogWeight)
    }

    /// Uniform (multinomial) sampling when merging two subtrees: the final half's proposal is taken
    /// with probability `w_final / (w_init + w_final)`, given `mergedLogWeight = log(w_init + w_final)`.
    @inlinable
    public static func acceptsUniform(finalLogWeight: Double, mergedLogWeight: Double, rng: inout ChainRNG) -> Bool {
        if finalLogWeight > mergedLogWeight { return true }
        return rng.uniform() < exp(finalLogWeight - mergedLogWeight)
    }
}
