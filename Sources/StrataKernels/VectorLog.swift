// A SIMD natural logarithm and log1p (exponent split + atanh series), with scalar twins, accurate to ~1 ulp.
import CStrataKernels
#if canImport(Glibc)
import Glibc
#endif

/// Vectorised log and log1p for eight doubles at a time.
///
/// Method: x = 2^k m with m in [√½, √2), log m = 2 atanh(s) with s = (m − 1)/(m + 1), |s| ≤ 0.172,
/// summed as an odd series to s²³ (truncation < 1e-18 relative). Lanes that are not positive normal
/// finite numbers (0, negatives, subnormals, ∞, NaN) are handed to the C library, so special cases
/// follow IEEE/C semantics exactly.
public enum VectorLog {
    public typealias V = SIMD8<Double>

    @usableFromInline static let ln2High = 0.6931471803691238
    @usableFromInline static let ln2Low = 1.9082149292705877e-10

    /// log x for positive normal x (no special-case handling).
    @inlinable @inline(__always)
    static func logNormal(_ x: V) -> V {
        let bits = unsafeBitCast(x, to: SIMD8<Int64>.self)
        var k = ((bits &>> 52) & 0x7ff) &- 1023
        var m = unsafeBitCast((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000, to: V.self)
        let big = m .> 1.4142135623730951
        m.replace(with: m * 0.5, where: big)
        k.replace(with: k &+ 1, where: unsafeBitCast(big, to: SIMDMask<SIMD8<Int64>>.self))
        let s = (m - 1) / (m + 1)
        let z = s * s
        var p = V(repeating: 1.0 / 23)
        p = p * z + 1.0 / 21
        p = p * z + 1.0 / 19
        p = p * z + 1.0 / 17
        p = p * z + 1.0 / 15
        p = p * z + 1.0 / 13
        p = p * z + 1.0 / 11
        p = p * z + 1.0 / 9
        p = p * z + 1.0 / 7
        p = p * z + 1.0 / 5
        p = p * z + 1.0 / 3
        // log m = 2s + 2 s z p  (2s kept separate for accuracy)
        let kd = V(k)
        return kd * ln2High + (2 * s + (2 * s * z * p + kd * ln2Low))
    }

    /// log x lane by lane.
    @inlinable
    public static func log(_ x: V) -> V {
        let normal = (x .>= 2.2250738585072014e-308) .& (x .< Double.infinity)
        var r = logNormal(x.replacing(with: 1, where: .!normal))
        if !all(normal) {
            for i in 0..<8 where !normal[i] { r[i] = Glibc.log(x[i]) }
        }
        return r
    }

    /// log(1 + x) lane by lane, accurate for small x (uses u = 1 + x and the correction (x − (u − 1))/u).
    @inlinable
    public static func log1p(_ x: V) -> V {
        let u = 1 + x
        let ok = (u .>= 2.2250738585072014e-308) .& (u .< Double.infinity) .& (x .> -1)
        let uu = u.replacing(with: 1, where: .!ok)
        // (x - (u - 1)) / u corrects the rounding of 1 + x; u == 1 means log1p(x) ≈ x.
        var r = logNormal(uu) + (x - (uu - 1)) / uu
        r.replace(with: x, where: uu .== 1 .& ok)
        if !all(ok) {
            for i in 0..<8 where !ok[i] { r[i] = Glibc.log1p(x[i]) }
        }
        return r
    }

    /// Scalar twin of ``log(_:)-swift.type.method``.
    @inlinable
    public static func log(_ x: Double) -> Double {
        log(V(repeating: x))[0]
    }

    /// Scalar twin of ``log1p(_:)-swift.type.method``.
    @inlinable
    public static func log1p(_ x: Double) -> Double {
        log1p(V(repeating: x))[0]
    }

    /// out[i] = log1p(x[i]) for i in `range` (the same algorithm in C, vectorised by the C compiler).
    @inlinable
    public static func applyLog1p(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, range: Range<Int>) {
        strata_vlog1p(x + range.lowerBound, out + range.lowerBound, range.count)
    }

    /// out[i] = log(x[i]) for i in `range` (the same algorithm in C, vectorised by the C compiler).
    @inlinable
    public static func applyLog(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, range: Range<Int>) {
        strata_vlog(x + range.lowerBound, out + range.lowerBound, range.count)
    }
}
