// log(Φ(hi) − Φ(lo)) for any lo < hi, accurate in both tails and for narrow intervals, with its partials.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal probability of an interval, on the log scale.
public enum NormalIntervalMass {
    /// log φ(z), the standard normal log density.
    @inlinable public static func logDensity(_ z: Double) -> Double { -0.5 * z * z - 0.918_938_533_204_672_7 }

    /// log Q(z) = log(1 − Φ(z)), the upper tail, accurate for any z (relative error ~1e-15 up to z = 37,
    /// then the asymptotic Mills-ratio series, whose truncation error there is below 1e-13).
    public static func logUpperTail(_ z: Double) -> Double {
        if z == .infinity { return -.infinity }
        if z == -.infinity { return 0 }
        if z < 37 { return log(0.5 * erfc(z * 0.707_106_781_186_547_6)) }
        let r = 1 / (z * z)
        let series = 1 - r * (1 - r * (3 - r * (15 - r * 105)))
        return logDensity(z) - log(z) + log(series)
    }

    /// log(Φ(hi) − Φ(lo)) and its partial derivatives with respect to `lo` and `hi`; requires lo ≤ hi
    /// (either may be infinite). Narrow intervals use a Taylor expansion around the midpoint, so the
    /// result stays accurate when Φ(hi) and Φ(lo) agree to many digits.
    public static func logMass(_ lo: Double, _ hi: Double) -> (value: Double, dLo: Double, dHi: Double) {
        if !(lo < hi) { return (-.infinity, 0, 0) }
        let width = hi - lo, mid = 0.5 * (lo + hi)
        if width.isFinite && width * Swift.max(1, Swift.abs(mid)) < 1e-3 {
            let k = (mid * mid - 1) / 24, w2 = width * width
            let correction = 1 + k * w2
            let value = log(width) + logDensity(mid) + log1p(k * w2)
            let dWidth = 1 / width + 2 * k * width / correction
            let dMid = -mid + mid * w2 / 12 / correction
            return (value, -dWidth + 0.5 * dMid, dWidth + 0.5 * dMid)
        }
        // Beyond `negligible` a tail holds less than 1e-16 of the mass and is left out: each branch
        // evaluates only the tails that matter (most terms of a large model need one erfc or none).
        let negligible = 8.5, s = 0.707_106_781_186_547_6
        var value: Double, useLo = lo.isFinite, useHi = hi.isFinite
        if lo >= 0 {
            value = logUpperTail(lo)
            if 0.5 * (hi - lo) * (hi + lo) < 40 { value += log1p(-exp(logUpperTail(hi) - value)) } else { useHi = false }
        } else if hi <= 0 {
            value = logUpperTail(-hi)
            if 0.5 * (hi - lo) * (-hi - lo) < 40 { value += log1p(-exp(logUpperTail(-lo) - value)) } else { useLo = false }
        } else if hi > negligible && lo < -negligible {
            return (0, 0, 0)
        } else if hi > negligible {
            value = log(0.5 * erfc(lo * s)); useHi = false
        } else if lo < -negligible {
            value = log(0.5 * erfc(-hi * s)); useLo = false
        } else {
            value = log(0.5 * (erf(hi * s) - erf(lo * s)))
        }
        let dHi = useHi ? exp(logDensity(hi) - value) : 0
        let dLo = useLo ? -exp(logDensity(lo) - value) : 0
        return (value, dLo, dHi)
    }
}
