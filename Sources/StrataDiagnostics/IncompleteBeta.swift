// Regularised incomplete beta function and its inverse (the Beta CDF and quantile).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Beta(a, b) distribution function `I_x(a, b)` and its inverse, used by the quantile MCSE.
public enum IncompleteBeta {
    /// The regularised incomplete beta function `I_x(a, b)`, i.e. the Beta(a, b) CDF at x.
    ///
    /// Evaluated with the continued fraction for `I_x(a, b)` (Abramowitz & Stegun 26.5.8) by the
    /// modified Lentz method, using the symmetry `I_x(a, b) = 1 - I_{1-x}(b, a)` on the side where
    /// the fraction converges fast.
    /// - Parameters:
    ///   - x: the point, clamped to [0, 1].
    ///   - a: first shape, > 0.
    ///   - b: second shape, > 0.
    /// - Returns: the probability, NaN for non-positive shapes or NaN input.
    public static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, !x.isNaN else { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * continuedFraction(x, a: a, b: b) / a
        }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The quantile of Beta(a, b): the x in [0, 1] with `I_x(a, b) = p`, by bisection to full
    /// double precision (the CDF is monotone, so this always converges).
    /// - Returns: the quantile, NaN for p outside [0, 1] or invalid shapes.
    public static func inverse(_ p: Double, a: Double, b: Double) -> Double {
        guard p >= 0, p <= 1, a > 0, b > 0 else { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if regularized(mid, a: a, b: b) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Modified Lentz evaluation of the continued fraction of `I_x(a, b)`.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var h = d
        for m in 1...100_000 {
            let md = Double(m)
            let m2 = 2 * md
            // Even step.
            var coefficient = md * (b - md) * x / ((a - 1 + m2) * (a + m2))
            d = 1 / guarded(1 + coefficient * d)
            c = guarded(1 + coefficient / c)
            h *= d * c
            // Odd step.
            coefficient = -(a + md) * (a + b + md) * x / ((a + m2) * (a + 1 + m2))
            d = 1 / guarded(1 + coefficient * d)
            c = guarded(1 + coefficient / c)
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
