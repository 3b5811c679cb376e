// Exact draws from a normal distribution truncated to an interval, stable for any bounds, far tails included.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Rejection samplers for the truncated normal (Robert 1995, "Simulation of truncated normal variables"):
/// normal rejection for wide intervals around 0, uniform rejection for narrow ones, and an exponential
/// proposal with the optimal rate for one-sided tails. Every branch accepts with probability bounded
/// away from zero, so a draw takes a few uniforms whatever the bounds.
public enum TruncatedNormalSampler {
    /// A draw of N(0, 1) restricted to [lo, hi] (lo < hi; either may be infinite).
    public static func standard(lo: Double, hi: Double, rng: inout ChainRNG) -> Double {
        precondition(lo < hi, "truncated normal needs lo < hi")
        if lo >= 0 { return upperTail(lo, hi, rng: &rng) }
        if hi <= 0 { return -upperTail(-hi, -lo, rng: &rng) }
        // 0 inside the interval.
        if hi - lo < 2.506_628_274_631_000_5 {
            while true {
                let z = rng.uniform(lo, hi)
                if rng.uniform() < exp(-0.5 * z * z) { return z }
            }
        }
        while true {
            let z = rng.normal()
            if z >= lo && z <= hi { return z }
        }
    }

    /// A draw of N(mean, sd²) restricted to [lower, upper].
    public static func draw(mean: Double, sd: Double, lower: Double, upper: Double, rng: inout ChainRNG) -> Double {
        let lo = (lower - mean) / sd, hi = (upper - mean) / sd
        guard lo < hi else { return Swift.min(Swift.max(mean, lower), upper) }
        let x = mean + sd * standard(lo: lo, hi: hi, rng: &rng)
        return Swift.min(Swift.max(x, lower), upper)
    }

    /// N(0, 1) on [a, b] with 0 ≤ a < b.
    private static func upperTail(_ a: Double, _ b: Double, rng: inout ChainRNG) -> Double {
        let rate = 0.5 * (a + (a * a + 4).squareRoot())
        // Uniform proposal when the interval is narrow compared with the exponential's scale
        // (Robert's criterion: the uniform's acceptance rate is then the higher one).
        if b.isFinite && (b - a) < exp(0.5 * (a * a - a * rate) + 0.5) / rate {
            while true {
                let z = rng.uniform(a, b)
                if rng.uniform() < exp(0.5 * (a * a - z * z)) { return z }
            }
        }
        while true {
            let z = a + rng.exponential() / rate
            if z > b { continue }
            let d = z - rate
            if rng.uniform() < exp(-0.5 * d * d) { return z }
        }
    }
}
