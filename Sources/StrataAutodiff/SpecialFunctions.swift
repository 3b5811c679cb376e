// Numerically careful scalar special functions shared by operations, transforms and distributions.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalar special functions with stable evaluation in the tails.
public enum SpecialFunctions {
    /// e^x.
    @inlinable @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }

    /// The logistic function 1 / (1 + e^-x), without overflow for large |x|.
    @inlinable @inline(__always)
    public static func invLogit(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Glibc.exp(-x)) }
        let e = Glibc.exp(x)
        return e / (1 + e)
    }

    /// log(1 + e^x) without overflow.
    @inlinable @inline(__always)
    public static func log1pExp(_ x: Double) -> Double {
        x > 0 ? x + Glibc.log1p(Glibc.exp(-x)) : Glibc.log1p(Glibc.exp(x))
    }

    /// log(invLogit(x)) = -log1pExp(-x).
    @inlinable @inline(__always)
    public static func logInvLogit(_ x: Double) -> Double { -log1pExp(-x) }

    /// log(e^a + e^b) without overflow.
    @inlinable
    public static func logSumExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        return a > b ? a + Glibc.log1p(Glibc.exp(b - a)) : b + Glibc.log1p(Glibc.exp(a - b))
    }

    /// The standard normal CDF Φ(x).
    @inlinable
    public static func phi(_ x: Double) -> Double { 0.5 * Glibc.erfc(-x / 2.0.squareRoot()) }

    /// log Γ(x).
    @inlinable public static func lgamma(_ x: Double) -> Double { Glibc.lgamma(x) }

    /// The digamma function ψ(x) = d/dx log Γ(x) (recurrence to x ≥ 10, then the asymptotic series;
    /// reflection for negative arguments).
    public static func digamma(_ xIn: Double) -> Double {
        var x = xIn
        if x.isNaN || x == -.infinity { return .nan }
        if x <= 0 && x == x.rounded(.down) { return .nan }
        var result = 0.0
        if x < 0 {
            // ψ(1 - x) - ψ(x) = π cot(π x)
            result -= Double.pi / Glibc.tan(Double.pi * x)
            x = 1 - x
        }
        while x < 10 { result -= 1 / x; x += 1 }
        let f = 1 / (x * x)
        let series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132)))))
        return result + Glibc.log(x) - 0.5 / x - series
    }

    /// The trigamma function ψ'(x) (recurrence to x ≥ 20, then the asymptotic series).
    public static func trigamma(_ xIn: Double) -> Double {
        var x = xIn
        if x.isNaN { return .nan }
        if x <= 0 && x == x.rounded(.down) { return .nan }
        if x < 0 {
            // ψ'(1 - x) + ψ'(x) = π² / sin²(π x)
            let s = Glibc.sin(Double.pi * x)
            return -trigamma(1 - x) + Double.pi * Double.pi / (s * s)
        }
        var result = 0.0
        while x < 20 { result += 1 / (x * x); x += 1 }
        let f = 1 / (x * x)
        let series = 1 / x + f / 2 + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f * (1.0 / 30))))
        return result + series
    }

    /// log(1 - e^x) for x < 0, accurate near 0 and for very negative x.
    @inlinable
    public static func log1mExp(_ x: Double) -> Double {
        if x > 0 { return .nan }
        return x > -0.693147 ? Glibc.log(-Glibc.expm1(x)) : Glibc.log1p(-Glibc.exp(x))
    }
}
