// SIMD kernels for elementwise vector arithmetic with broadcasting, each with a scalar twin for testing.

/// Vectorised elementwise loops over raw buffers. Each `simd` kernel has a `scalar` twin computing the
/// same result one element at a time; tests compare them at sizes that are not multiples of the width.
public enum ElementwiseKernels {
    /// SIMD width used by the kernels.
    public static let width = 8
    public typealias V = SIMD8<Double>

    @inline(__always) @usableFromInline
    static func load(_ p: UnsafePointer<Double>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always) @usableFromInline
    static func store(_ v: V, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// out[i] = op(a[i*sa], b[i*sb]) for i in range, where a stride of 0 broadcasts a scalar.
    @inlinable
    public static func binary(
        _ a: UnsafePointer<Double>, strideA sa: Int, _ b: UnsafePointer<Double>, strideB sb: Int,
        _ out: UnsafeMutablePointer<Double>, range: Range<Int>,
        simd: (V, V) -> V, scalar: (Double, Double) -> Double
    ) {
        var i = range.lowerBound
        let end = range.upperBound
        if sa == 1 && sb == 1 {
            while i + width <= end { store(simd(load(a + i), load(b + i)), out + i); i += width }
        } else if sa == 0 && sb == 1 {
            let av = V(repeating: a[0])
            while i + width <= end { store(simd(av, load(b + i)), out + i); i += width }
        } else if sa == 1 && sb == 0 {
            let bv = V(repeating: b[0])
            while i + width <= end { store(simd(load(a + i), bv), out + i); i += width }
        }
        while i < end { out[i] = scalar(a[i * sa], b[i * sb]); i += 1 }
    }

    /// Scalar twin of ``binary(_:strideA:_:strideB:_:range:simd:scalar:)``.
    @inlinable
    public static func binaryScalar(
        _ a: UnsafePointer<Double>, strideA sa: Int, _ b: UnsafePointer<Double>, strideB sb: Int,
        _ out: UnsafeMutablePointer<Double>, range: Range<Int>, _ f: (Double, Double) -> Double
    ) {
        for i in range { out[i] = f(a[i * sa], b[i * sb]) }
    }

    /// Σ a[i] over `range`, in SIMD lanes.
    @inlinable
    public static func sum(_ a: UnsafePointer<Double>, range: Range<Int>) -> Double {
        var acc = V(repeating: 0)
        var i = range.lowerBound
        while i + width <= range.upperBound { acc += load(a + i); i += width }
        var s = acc.sum()
        while i < range.upperBound { s += a[i]; i += 1 }
        return s
    }

    /// Σ a[i] b[i] over `range`, in SIMD lanes.
    @inlinable
    public static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, range: Range<Int>) -> Double {
        var acc = V(repeating: 0)
        var i = range.lowerBound
        while i + width <= range.upperBound { acc += load(a + i) * load(b + i); i += width }
        var s = acc.sum()
        while i < range.upperBound { s += a[i] * b[i]; i += 1 }
        return s
    }

    /// y[i] += alpha * x[i] over `range`.
    @inlinable
    public static func axpy(_ alpha: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>,
                            range: Range<Int>) {
        let av = V(repeating: alpha)
        var i = range.lowerBound
        while i + width <= range.upperBound { store(load(y + i) + av * load(x + i), y + i); i += width }
        while i < range.upperBound { y[i] += alpha * x[i]; i += 1 }
    }
}
