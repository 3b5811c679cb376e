// Bessel functions of the first and second kind and their modified forms, with derivatives in the argument (and in
// the order for log I_v).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SpecialFunctions {
    /// (J_n(x), J_n'(x)) for an integer order, from the C library (J_n' = (J_{n-1} − J_{n+1}) / 2).
    public static func besselJ(_ n: Int, _ x: Double) -> (value: Double, slope: Double) {
        let k = Int32(n)
        return (Glibc.jn(k, x), 0.5 * (Glibc.jn(k - 1, x) - Glibc.jn(k + 1, x)))
    }

    /// (Y_n(x), Y_n'(x)) for an integer order and x > 0.
    public static func besselY(_ n: Int, _ x: Double) -> (value: Double, slope: Double) {
        let k = Int32(n)
        return (Glibc.yn(k, x), 0.5 * (Glibc.yn(k - 1, x) - Glibc.yn(k + 1, x)))
    }

    /// log I_v(x) for v ≥ 0 and x > 0 as a dual in (v, x) (tangents 0 and 1): the power series
    /// Σ (x/2)^(2k+v) / (k! Γ(k+v+1)), summed relative to its largest term, for x < 100 + v²; above, Hankel's
    /// asymptotic series e^x / √(2πx) Σ (−1)^k a_k(v) / x^k, whose terms stay tiny there until k ≈ 2x.
    public static func logBesselI(_ v: Double, _ x: Double) -> Dual {
        if v == .infinity { return Dual(-.infinity) }
        if x == .infinity { return Dual(.infinity) }
        let dv = Dual.variable(v, 0), dx = Dual.variable(x, 1)
        if x >= 100 + v * v {
            let mu = 4 * dv * dv
            var term = Dual(1), sum = Dual(1)
            for k in 1..<200 {
                let j = Double(2 * k - 1)
                term = term * (mu - j * j) / (-8 * Double(k) * dx)
                let previous = sum
                sum = sum + term
                if sum.relativeChange(from: previous) < convergence { break }
            }
            return dx - 0.5 * (2 * Double.pi * dx).log + sum.log
        }
        let halfLog = (0.5 * dx).log
        func logTerm(_ k: Double) -> Dual { (2 * k + dv) * halfLog - Dual(k + 1).lgamma - (dv + k + 1).lgamma }
        // The largest term sits near k = (√(v² + x²) − v) / 2.
        let peak = ((v * v + x * x).squareRoot() - v) / 2
        let anchor = logTerm(peak.rounded(.down))
        var sum = Dual(0)
        // Terms more than 50 standard deviations (σ² ≤ peak) below the peak are below e^(−1250) of it, i.e. 0:
        // starting there adds the same numbers and keeps large orders and arguments from summing ~peak terms.
        var k = Swift.max(0, (peak - 50 * (peak + 1).squareRoot()).rounded(.down))
        while true {
            let previous = sum
            sum = sum + (logTerm(k) - anchor).exp
            if k > peak && sum.relativeChange(from: previous) < convergence { break }
            k += 1
        }
        return anchor + sum.log
    }

    /// (I_n(x), I_n'(x)) for an integer order n ≥ 0 and any real x (I_n(−x) = (−1)^n I_n(x)).
    public static func besselI(_ n: Int, _ x: Double) -> (value: Double, slope: Double) {
        if x == 0 { return (n == 0 ? 1 : 0, n == 1 ? 0.5 : 0) }
        let l = logBesselI(Double(n), Swift.abs(x))
        let sign = x < 0 && n % 2 == 1 ? -1.0 : 1.0
        let value = sign * Glibc.exp(l.v)
        return (value, value * l.d[1] * (x < 0 ? -1 : 1))
    }

    /// (K_n(x), K_n'(x)) for an integer order and x > 0: K_n(x) = ∫₀^∞ e^(−x cosh t) cosh(n t) dt by the
    /// trapezoidal rule with step 1/10, whose error for this integrand (analytic and bounded in the strip
    /// |Im t| < π/2) is of order e^(−π²/h) = e^(−98); K_n' = −∫ cosh t e^(−x cosh t) cosh(n t) dt.
    public static func besselK(_ n: Int, _ x: Double) -> (value: Double, slope: Double) {
        let order = Double(Swift.abs(n)), h = 0.1
        var value = 0.0, slope = 0.0
        var t = 0.0
        while t < 60 {
            let c = Glibc.cosh(t)
            let f = 0.5 * (Glibc.exp(order * t - x * c) + Glibc.exp(-order * t - x * c))
            let w = t == 0 ? 0.5 * h : h
            value += w * f
            slope -= w * c * f
            if t > 1 && order * t - x * c < -745 { break }
            t += h
        }
        return (value, slope)
    }
}
