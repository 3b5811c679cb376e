// The standard normal quantile, from a probability (inv_Phi) or from a log probability (std_normal_log_qf).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SpecialFunctions {
    /// log Φ(y), accurate in both tails (an asymptotic series where erfc underflows).
    public static func logPhi(_ y: Double) -> Double {
        if y < -37 {
            let r = 1 / (y * y)
            return -0.5 * y * y - Glibc.log(-y) - 0.5 * Glibc.log(2 * Double.pi) + Glibc.log1p(-r * (1 - 3 * r * (1 - 5 * r)))
        }
        let s = 2.0.squareRoot()
        return y < 0 ? Glibc.log(0.5 * Glibc.erfc(-y / s)) : Glibc.log1p(-0.5 * Glibc.erfc(y / s))
    }

    /// The y with log Φ(y) = lp (lp ≤ 0): Abramowitz and Stegun 26.2.23 as the first guess, then Newton's method on
    /// log Φ(y) − lp; above the median, by symmetry from log(1 − e^lp).
    public static func stdNormalLogQuantile(_ lp: Double) -> Double {
        if lp.isNaN || lp > 0 { return .nan }
        if lp == 0 { return .infinity }
        if lp == -.infinity { return -.infinity }
        if lp > -M_LN2 { return -stdNormalLogQuantile(Glibc.log(-Glibc.expm1(lp))) }
        let t = (-2 * lp).squareRoot()
        var y = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))))
        for _ in 0..<50 {
            let l = logPhi(y)
            let logDensity = -0.5 * y * y - 0.5 * Glibc.log(2 * Double.pi)
            let step = (l - lp) / Glibc.exp(logDensity - l)
            y -= step
            if Swift.abs(step) <= 2 * Double.ulpOfOne * Swift.max(1, Swift.abs(y)) { break }
        }
        return y
    }

    /// Φ⁻¹(p) for 0 ≤ p ≤ 1.
    public static func invPhi(_ p: Double) -> Double {
        p > 0.5 ? -stdNormalLogQuantile(Glibc.log1p(-p)) : stdNormalLogQuantile(Glibc.log(p))
    }
}
