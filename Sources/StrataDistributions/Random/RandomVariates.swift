// Exact samplers of the basic distributions (gamma, beta, Poisson, binomial, ...) on a ChainRNG stream.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public extension ChainRNG {
    /// A uniform draw in the open interval (0, 1) (never exactly 0, so logs and powers stay finite).
    mutating func openUniform() -> Double {
        while true {
            let u = uniform()
            if u > 0 { return u }
        }
    }

    /// A gamma(shape, 1) draw: Marsaglia & Tsang (2000) for shape >= 1; for shape < 1 a gamma(shape + 1)
    /// draw times U^(1/shape).
    mutating func gamma(shape a: Double) -> Double {
        if a < 1 { return gamma(shape: a + 1) * pow(openUniform(), 1 / a) }
        return exp(logGammaAtLeastOne(a))
    }

    /// log of a gamma(shape, 1) draw, accurate for tiny shapes where the draw itself underflows
    /// (used by Dirichlet draws): log gamma(a + 1) + log(U) / a.
    mutating func logGamma(shape a: Double) -> Double {
        if a < 1 { return logGammaAtLeastOne(a + 1) + log(openUniform()) / a }
        return logGammaAtLeastOne(a)
    }

    private mutating func logGammaAtLeastOne(_ a: Double) -> Double {
        let d = a - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal()
            let t = 1 + c * x
            if t <= 0 { continue }
            let v = t * t * t
            let u = openUniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return log(d) + log(v) }
        }
    }

    /// A beta(a, b) draw from two gamma draws, in log space so that small shapes do not give 0/0.
    mutating func beta(_ a: Double, _ b: Double) -> Double {
        let la = logGamma(shape: a), lb = logGamma(shape: b)
        let m = Swift.max(la, lb)
        let ea = exp(la - m), eb = exp(lb - m)
        return ea / (ea + eb)
    }

    /// A Poisson(lambda) draw. Large means are reduced exactly by Knuth's gamma splitting (the m-th
    /// arrival time of a unit-rate process is gamma(m)); means below 10 use the multiplication method.
    mutating func poisson(_ lambda: Double) -> Double {
        var k = 0.0, mu = lambda
        while mu > 10 {
            let m = (0.875 * mu).rounded(.down)
            let x = gamma(shape: m)
            if x < mu { k += m; mu -= x } else { return k + binomial(m - 1, mu / x) }
        }
        let limit = exp(-mu)
        var p = uniform()
        while p > limit { k += 1; p *= uniform() }
        return k
    }

    /// A binomial(n, p) draw. Large n is reduced exactly by Knuth's order-statistic splitting (the
    /// a-th smallest of n uniforms is beta(a, n + 1 - a)); at most 40 trials are then counted one by one.
    mutating func binomial(_ trials: Double, _ probability: Double) -> Double {
        var n = trials, p = probability, k = 0.0
        if p <= 0 || n <= 0 { return 0 }
        if p >= 1 { return n }
        while n > 40 {
            let a = (1 + n / 2).rounded(.down), b = n + 1 - a
            let x = beta(a, b)
            if x >= p { n = a - 1; p /= x } else { k += a; n = b - 1; p = (p - x) / (1 - x) }
        }
        var i = 0.0
        while i < n { if uniform() < p { k += 1 }; i += 1 }
        return k
    }

    /// Index (0-based) drawn with probabilities proportional to `weights` (non-negative, positive sum).
    mutating func categorical(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        let u = uniform() * total
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            if u < cumulative { return i }
        }
        return weights.lastIndex(where: { $0 > 0 }) ?? 0
    }
}
