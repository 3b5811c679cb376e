// A SIMD exponential (Cody–Waite reduction + degree-13 polynomial), with a scalar twin, accurate to ~1 ulp.
import CStrataKernels

/// Vectorised e^x for eight doubles at a time.
///
/// Method: n = round(x / ln 2), r = x − n ln 2 (ln 2 split in a high and a low part so r is exact to
/// ~1e-20), e^r by its Taylor polynomial of degree 13 on |r| ≤ ln2/2 (truncation error < 1e-17),
/// then scaling by 2^n in two halves so that results down to the subnormal range and up to
/// overflow come out right. NaN propagates; x > 709.78 gives +inf, x < −745.2 gives 0.
public enum VectorExp {
    public typealias V = SIMD8<Double>

    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln2High = 0.6931471803691238
    @usableFromInline static let ln2Low = 1.9082149292705877e-10
    @usableFromInline static let shifter = 6755399441055744.0 // 1.5 * 2^52: adding it rounds to an integer
    @usableFromInline static let c: [Double] = (0...13).map { k in (1...max(k, 1)).reduce(1.0) { $0 / Double($1) } }

    /// e^x lane by lane.
    @inlinable @inline(__always)
    public static func exp(_ x: V) -> V {
        let xc = x.clamped(lowerBound: V(repeating: -746), upperBound: V(repeating: 710))
        let sh = V(repeating: shifter)
        let t = xc * log2e + sh
        let n = t - sh
        let r = (xc - n * ln2High) - n * ln2Low
        // Horner for Σ r^k / k!, k = 0...13.
        var p = V(repeating: 1.0 / 6227020800.0)
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        let ni = unsafeBitCast(t, to: SIMD8<Int64>.self) &- unsafeBitCast(sh, to: SIMD8<Int64>.self)
        let n1 = ni &>> 1
        let n2 = ni &- n1
        let s1 = unsafeBitCast((n1 &+ 1023) &<< 52, to: V.self)
        let s2 = unsafeBitCast((n2 &+ 1023) &<< 52, to: V.self)
        var result = p * s1 * s2
        result.replace(with: x, where: x .!= x)
        return result
    }

    /// The scalar twin: the same algorithm for one double.
    @inlinable
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        let xc = Swift.min(Swift.max(x, -746), 710)
        let n = (xc * log2e).rounded(.toNearestOrEven)
        let r = (xc - n * ln2High) - n * ln2Low
        var p = 1.0 / 6227020800.0
        for k in stride(from: 12, through: 0, by: -1) { p = p * r + c[k] }
        let ni = Int64(n)
        let n1 = ni >> 1, n2 = ni - n1
        return p * Double(bitPattern: UInt64(n1 + 1023) << 52) * Double(bitPattern: UInt64(n2 + 1023) << 52)
    }

    /// out[i] = e^(scale · x[i]) for i in `range` (the same algorithm in C, vectorised by the C compiler).
    @inlinable
    public static func apply(_ x: UnsafePointer<Double>, scale: Double = 1, _ out: UnsafeMutablePointer<Double>,
                             range: Range<Int>) {
        strata_vexp(x + range.lowerBound, scale, out + range.lowerBound, range.count)
    }

    /// out[i] = e^(−|x[i]|) for i in `range` (the stable core of the logistic function).
    @inlinable
    public static func applyNegativeAbs(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>,
                                        range: Range<Int>) {
        strata_vexp_negabs(x + range.lowerBound, out + range.lowerBound, range.count)
    }
}
