// Owen's T function, the two real branches of the Lambert W function, and the tetragamma function ψ''.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SpecialFunctions {
    /// 20-point Gauss–Legendre nodes and weights on [−1, 1] (Newton's method on P₂₀ from Chebyshev guesses).
    public static let gaussLegendre20: [(node: Double, weight: Double)] = {
        let n = 20
        var rule: [(Double, Double)] = []
        for i in 1...n {
            var x = Glibc.cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = x
                for k in 2...n { (p0, p1) = (p1, ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)) }
                derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
                let step = p1 / derivative
                x -= step
                if Swift.abs(step) < 1e-16 { break }
            }
            rule.append((x, 2 / ((1 - x * x) * derivative * derivative)))
        }
        return rule
    }()

    /// Owen's T(h, a) = (1/2π) ∫₀^a e^(−h²(1+x²)/2) / (1+x²) dx. Even in h, odd in a; for |a| ≤ 1 composite
    /// Gauss–Legendre over pieces no wider than 1/|h| (the integrand's scale), for |a| > 1 the identity
    /// T(h, a) = ½[Φ(h) Φ(−ah) + Φ(ah) Φ(−h)] − T(ah, 1/a) (h, a ≥ 0), which has no cancellation.
    public static func owensT(_ hIn: Double, _ aIn: Double) -> Double {
        let h = Swift.abs(hIn), a = Swift.abs(aIn), sign: Double = aIn < 0 ? -1 : 1
        if a == 0 { return 0 }
        if a > 1 {
            let ah = a * h
            return sign * (0.5 * (phi(h) * phi(-ah) + phi(ah) * phi(-h)) - owensT(ah, 1 / a))
        }
        // The integrand is below e^(−h²/2), which is 0 in double precision past h = 40 (this also keeps the
        // number of pieces below 40 and turns h = ∞ into 0 instead of an integer overflow).
        if h > 40 { return sign * 0 }
        let pieces = Swift.max(1, Int((a * h).rounded(.up)))
        let width = a / Double(pieces)
        var sum = 0.0
        for p in 0..<pieces {
            let mid = width * (Double(p) + 0.5)
            for (node, weight) in gaussLegendre20 {
                let x = mid + 0.5 * width * node, q = 1 + x * x
                sum += weight * Glibc.exp(-0.5 * h * h * q) / q
            }
        }
        return sign * sum * 0.5 * width / (2 * Double.pi)
    }

    /// (∂T/∂h, ∂T/∂a) of Owen's T.
    public static func owensTPartials(_ h: Double, _ a: Double) -> (h: Double, a: Double) {
        let q = 1 + a * a
        return (-Glibc.exp(-0.5 * h * h) * Glibc.erf(a * h / 2.0.squareRoot()) / (2 * (2 * Double.pi).squareRoot()),
                Glibc.exp(-0.5 * h * h * q) / (2 * Double.pi * q))
    }

    /// The Lambert W function on its principal branch (x ≥ −1/e, W ≥ −1) or its lower branch (−1/e ≤ x < 0,
    /// W ≤ −1): Halley's iteration from the branch-point series near −1/e and logarithmic guesses elsewhere.
    public static func lambertW(_ x: Double, lowerBranch: Bool) -> Double {
        let e = M_E
        if x.isNaN || x < -1 / e - 1e-15 || (lowerBranch && x >= 0) { return .nan }
        if x == 0 { return 0 }
        if x == .infinity { return .infinity }
        let p = (2 * Swift.max(e * x + 1, 0)).squareRoot()
        var w: Double
        if p < 0.5 {
            let s = lowerBranch ? -p : p
            w = -1 + s - s * s / 3 + 11.0 / 72 * s * s * s
        } else if lowerBranch {
            let l = Glibc.log(-x)
            w = l - Glibc.log(-l)
        } else {
            w = x < 3 ? Glibc.log1p(x) * 0.8 : Glibc.log(x) - Glibc.log(Glibc.log(x))
        }
        if p == 0 { return -1 }
        for _ in 0..<100 {
            let ew = Glibc.exp(w), f = w * ew - x
            let step = f / (ew * (w + 1) - (w + 2) * f / (2 * w + 2))
            if !step.isFinite { break }
            w -= step
            if Swift.abs(step) <= 4 * Double.ulpOfOne * Swift.max(1, Swift.abs(w)) { break }
        }
        return w
    }

    /// The tetragamma function ψ''(x) (recurrence to x ≥ 20, then the asymptotic series; reflection below 0).
    public static func tetragamma(_ xIn: Double) -> Double {
        var x = xIn
        if x.isNaN || (x <= 0 && x == x.rounded(.down)) { return .nan }
        if x < 0 {
            // ψ''(1 − x) − ψ''(x) = 2π³ cot(πx) / sin²(πx)
            let s = Glibc.sin(Double.pi * x)
            return tetragamma(1 - x) - 2 * Double.pi * Double.pi * Double.pi * Glibc.cos(Double.pi * x) / (s * s * s)
        }
        var result = 0.0
        while x < 20 { result -= 2 / (x * x * x); x += 1 }
        let f = 1 / (x * x)
        // −1/x² − 1/x³ − 1/(2x⁴) + 1/(6x⁶) − 1/(6x⁸) + 3/(10x¹⁰) − 5/(6x¹²)
        let series = -f - f / x - 0.5 * f * f + f * f * f * (1.0 / 6 - f * (1.0 / 6 - f * (3.0 / 10 - f * 5.0 / 6)))
        return result + series
    }
}
