// Forward-mode dual numbers with three tangents, for differentiating iterative special-function algorithms.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// v + Σ dᵢ εᵢ: a value and its derivatives with respect to up to three inputs. Running a series or a continued
/// fraction on duals differentiates every partial sum (or convergent) exactly, so the derivative of the limit is the
/// limit of the derivatives the loop computes.
public struct Dual: Sendable {
    public var v: Double
    public var d: SIMD4<Double>

    @inlinable public init(_ v: Double, _ d: SIMD4<Double> = .zero) { self.v = v; self.d = d }
    /// The `i`-th input variable with value `v`.
    @inlinable public static func variable(_ v: Double, _ i: Int) -> Dual {
        var d = SIMD4<Double>.zero
        d[i] = 1
        return Dual(v, d)
    }

    @inlinable public static func + (a: Dual, b: Dual) -> Dual { Dual(a.v + b.v, a.d + b.d) }
    @inlinable public static func - (a: Dual, b: Dual) -> Dual { Dual(a.v - b.v, a.d - b.d) }
    @inlinable public static prefix func - (a: Dual) -> Dual { Dual(-a.v, -a.d) }
    @inlinable public static func * (a: Dual, b: Dual) -> Dual { Dual(a.v * b.v, a.d * b.v + b.d * a.v) }
    @inlinable public static func / (a: Dual, b: Dual) -> Dual {
        let q = a.v / b.v
        return Dual(q, (a.d - b.d * q) / b.v)
    }
    @inlinable public static func + (a: Dual, b: Double) -> Dual { Dual(a.v + b, a.d) }
    @inlinable public static func - (a: Dual, b: Double) -> Dual { Dual(a.v - b, a.d) }
    @inlinable public static func * (a: Dual, b: Double) -> Dual { Dual(a.v * b, a.d * b) }
    @inlinable public static func * (a: Double, b: Dual) -> Dual { Dual(a * b.v, b.d * a) }
    @inlinable public static func / (a: Double, b: Dual) -> Dual { Dual(a, .zero) / b }
    @inlinable public static func - (a: Double, b: Dual) -> Dual { Dual(a - b.v, -b.d) }
    @inlinable public static func + (a: Double, b: Dual) -> Dual { Dual(a + b.v, b.d) }

    /// Applies f with f(v) = y and f'(v) = dy.
    @inlinable public func chain(_ y: Double, _ dy: Double) -> Dual { Dual(y, d * dy) }
    @inlinable public var exp: Dual { let e = Glibc.exp(v); return chain(e, e) }
    @inlinable public var log: Dual { chain(Glibc.log(v), 1 / v) }
    @inlinable public var log1p: Dual { chain(Glibc.log1p(v), 1 / (1 + v)) }
    @inlinable public var lgamma: Dual { chain(Glibc.lgamma(v), SpecialFunctions.digamma(v)) }
    /// The largest relative change a step of an iteration made (value or any tangent), for stopping rules.
    @inlinable public func relativeChange(from old: Dual) -> Double {
        var m = Swift.abs(v - old.v) / Swift.max(Swift.abs(v), Double.leastNormalMagnitude)
        for i in 0..<4 where d[i] != old.d[i] {
            m = Swift.max(m, Swift.abs(d[i] - old.d[i]) / Swift.max(Swift.abs(d[i]), 1e-300))
        }
        return m
    }
}
