// log B(a, b) and log C(n, k) without the cancellation of lgamma(a) + lgamma(b) - lgamma(a + b) for large arguments.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SpecialFunctions {
    /// Above this, lgamma(x) is Stirling's formula plus ``stirlingCorrection(_:)`` to full precision.
    static let stirlingThreshold = 10.0

    /// δ(x) = lgamma(x) − ((x − ½) log x − x + ½ log 2π) for x ≥ 10: the asymptotic series
    /// Σ B₂ₖ / (2k (2k − 1) x²ᵏ⁻¹) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − ..., whose eighth term is below 1e-17 there.
    static func stirlingCorrection(_ x: Double) -> Double {
        let z = 1 / (x * x)
        // B₂ₖ / (2k (2k − 1)) for k = 1...7.
        let c: [Double] = [1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156]
        var sum = c[6]
        for k in stride(from: 5, through: 0, by: -1) { sum = sum * z + c[k] }
        return sum / x
    }

    /// log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b). When the larger argument is 10 or more, the Stirling
    /// parts of the three lgamma terms are combined analytically (their leading terms cancel exactly) and only the
    /// small corrections δ are subtracted, so lbeta(1e10, 1e10) keeps its relative precision (the plain difference of
    /// lgammas of ~2e11 loses about 1e-5 absolute).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        let x = Swift.min(a, b), y = Swift.max(a, b)
        if x == 0 { return .infinity }
        if y.isInfinite { return x > 0 ? -.infinity : .nan }
        if y < stirlingThreshold || x < 0 { return lgamma(x) + lgamma(y) - lgamma(x + y) }
        let s = x + y, share = x / s
        if x < stirlingThreshold {
            // lgamma(y) − lgamma(x + y) by Stirling: (y − ½) log(y / s) − x log s + x, plus δ(y) − δ(s).
            return lgamma(x) + (y - 0.5) * log1p(-share) + x * (1 - log(s)) + stirlingCorrection(y) - stirlingCorrection(s)
        }
        // All three by Stirling: (x − ½) log(x / s) + y log(y / s) + ½ log 2π − ½ log y, plus δ(x) + δ(y) − δ(s).
        let halfLogTwoPi = 0.5 * log(2 * Double.pi)
        return (x - 0.5) * log(share) + y * log1p(-share) + halfLogTwoPi - 0.5 * log(y)
            + stirlingCorrection(x) + stirlingCorrection(y) - stirlingCorrection(s)
    }

    /// log C(n, k) = −log(n + 1) − log B(n − k + 1, k + 1) for real n ≥ −1, k ≥ −1 and n − k + 1 ≥ 0 (Stan's domain;
    /// −∞ at its edges k = −1 and k = n + 1); 0 at k = 0 and k = n.
    public static func logChoose(_ n: Double, _ k: Double) -> Double {
        if n.isNaN || k.isNaN { return .nan }
        if k == 0 || k == n { return 0 }
        return -log1p(n) - logBeta(n - k + 1, k + 1)
    }
}
