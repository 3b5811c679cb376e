// Standard normal CDF and its inverse (Acklam's rational approximation plus Halley refinement).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution function and quantile function.
public enum NormalQuantile {
    /// Φ(x) = erfc(-x / √2) / 2, accurate in both tails.
    public static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x * 0.7071067811865475244)
    }

    /// The standard normal quantile Φ⁻¹(p).
    ///
    /// Starts from P. J. Acklam's rational approximation (relative error below 1.2e-9) and applies
    /// one Halley step on `Φ(x) - p` using `erfc`, which brings the result to full double precision
    /// (agreeing with R's `qnorm`, Wichura's AS 241, to about 1e-15 relative). Upper-half
    /// probabilities are evaluated through the lower tail, `Φ⁻¹(p) = -Φ⁻¹(1 - p)`, where `1 - p`
    /// is exact.
    /// - Parameter p: a probability.
    /// - Returns: `-inf` for 0, `+inf` for 1, NaN outside [0, 1] or for NaN.
    public static func inverseCDF(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p > 0.5 { return -lowerHalf(1 - p) }
        return lowerHalf(p)
    }

    /// Φ⁻¹ for 0 < p ≤ 0.5.
    private static func lowerHalf(_ p: Double) -> Double {
        var x = acklam(p)
        if !x.isFinite { return x }
        // Halley's method converges cubically: one step takes the 1e-9 start to full precision.
        let e = cdf(x) - p
        let u = e * 2.5066282746310005024 * exp(0.5 * x * x)
        x -= u / (1 + 0.5 * x * u)
        return x
    }

    /// Acklam's approximation for 0 < p ≤ 0.5 (the central and lower-tail pieces).
    private static func acklam(_ p: Double) -> Double {
        let pLow = 0.02425
        if p < pLow {
            let q = (-2 * log(p)).squareRoot()
            let num = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
            let den = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
            return num / den
        }
        let q = p - 0.5
        let r = q * q
        let num = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        let den = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
        return num / den
    }

    private static let a: [Double] = [
        -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    private static let b: [Double] = [
        -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01,
    ]
    private static let c: [Double] = [
        -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
    ]
    private static let d: [Double] = [
        7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00,
    ]
}
