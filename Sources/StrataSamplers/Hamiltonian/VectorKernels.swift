// Small in-place vector kernels (copy, dot, axpy) used by the leapfrog and tree builder; no allocation.
import StrataKernels

/// Allocation-free vector operations over `[Double]` buffers of equal length.
///
/// Each kernel touches the storage through unsafe buffer pointers only inside its own body, so
/// callers work with ordinary arrays while the loops compile to bounds-check-free, vectorisable code.
@usableFromInline
enum VectorKernels {
    /// Copies `source` into `destination` element by element (no reallocation when `destination`
    /// is uniquely referenced).
    @inlinable @inline(__always)
    static func copy(_ source: [Double], into destination: inout [Double]) {
        let n = source.count
        if n == 0 { return }
        destination.withUnsafeMutableBufferPointer { d in
            source.withUnsafeBufferPointer { s in
                d.baseAddress!.update(from: s.baseAddress!, count: n)
            }
        }
    }

    /// Sets every element of `x` to zero.
    @inlinable @inline(__always)
    static func zero(_ x: inout [Double]) {
        x.withUnsafeMutableBufferPointer { b in
            for i in 0..<b.count { b[i] = 0 }
        }
    }

    /// x · y.
    @inlinable @inline(__always)
    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        x.withUnsafeBufferPointer { a in
            y.withUnsafeBufferPointer { b in ElementwiseKernels.dot(a.baseAddress!, b.baseAddress!, range: 0..<a.count) }
        }
    }

    /// y += alpha * x.
    @inlinable @inline(__always)
    static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        y.withUnsafeMutableBufferPointer { b in
            x.withUnsafeBufferPointer { a in
                for i in 0..<b.count { b[i] += alpha * a[i] }
            }
        }
    }

    /// out = x ⊙ y (element-wise product).
    @inlinable @inline(__always)
    static func multiply(_ x: [Double], _ y: [Double], into out: inout [Double]) {
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { a in
                y.withUnsafeBufferPointer { b in
                    for i in 0..<o.count { o[i] = a[i] * b[i] }
                }
            }
        }
    }

    /// Whether every element is finite.
    @inlinable
    static func allFinite(_ x: [Double]) -> Bool {
        x.withUnsafeBufferPointer { a in
            for v in a where !v.isFinite { return false }
            return true
        }
    }
}
