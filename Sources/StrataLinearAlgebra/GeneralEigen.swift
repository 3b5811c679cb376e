// Eigendecomposition of a general (non-symmetric) complex matrix through LAPACKE (zgeev), and complex inversion (zgetrf/zgetri).
import COpenBLAS

/// Eigenvalues and right eigenvectors of a general square complex matrix, for callers that own their buffers (the AD
/// graph's arena). Complex numbers are interleaved (real, imaginary) doubles, the layout of LAPACK's complex type, whose
/// pointers Swift imports as opaque; matrices are row-major.
public enum GeneralEigen {
    /// Decomposes the n×n matrix `a` (2n² doubles) into eigenvalues `values` (2n doubles) sorted by real part, then
    /// imaginary part (real parts within 1e-12 of the largest modulus count as equal, so that a conjugate pair keeps
    /// its order under rounding), eigenvectors as the columns of `vectors` (2n², each of unit norm as LAPACK returns
    /// it), and the inverse of the eigenvector matrix in `inverse` (2n²).
    /// - Returns: false when LAPACK fails to converge or the eigenvector matrix is singular (a defective matrix).
    public static func decompose(_ a: UnsafePointer<Double>, n: Int, values: UnsafeMutablePointer<Double>,
                                 vectors: UnsafeMutablePointer<Double>, inverse: UnsafeMutablePointer<Double>) -> Bool {
        if n == 0 { return true }
        var work = Array(UnsafeBufferPointer(start: a, count: 2 * n * n))
        var w = [Double](repeating: 0, count: 2 * n), vr = [Double](repeating: 0, count: 2 * n * n), vl = [0.0, 0.0]
        let info = work.withUnsafeMutableBytes { pa in
            w.withUnsafeMutableBytes { pw in
                vl.withUnsafeMutableBytes { pl in
                    vr.withUnsafeMutableBytes { pr in
                        LAPACKE_zgeev(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "V")), Int32(n),
                                      OpaquePointer(pa.baseAddress!), Int32(n), OpaquePointer(pw.baseAddress!),
                                      OpaquePointer(pl.baseAddress!), 1, OpaquePointer(pr.baseAddress!), Int32(n))
                    }
                }
            }
        }
        if info != 0 { return false }
        var scale = 0.0
        for i in 0..<n {
            let re = w[2 * i], im = w[2 * i + 1]
            scale = max(scale, (re * re + im * im).squareRoot())
        }
        let tolerance: Double = 1e-12 * max(scale, 1e-300)
        let order = (0..<n).sorted { i, j in
            let dr: Double = w[2 * i] - w[2 * j]
            if dr.magnitude > tolerance { return dr < 0 }
            return w[2 * i + 1] < w[2 * j + 1]
        }
        for (k, i) in order.enumerated() {
            values[2 * k] = w[2 * i]
            values[2 * k + 1] = w[2 * i + 1]
            for r in 0..<n {
                vectors[2 * (r * n + k)] = vr[2 * (r * n + i)]
                vectors[2 * (r * n + k) + 1] = vr[2 * (r * n + i) + 1]
            }
        }
        inverse.update(from: vectors, count: 2 * n * n)
        var pivots = [Int32](repeating: 0, count: n)
        let p = OpaquePointer(inverse)
        if LAPACKE_zgetrf(LAPACK_ROW_MAJOR, Int32(n), Int32(n), p, Int32(n), &pivots) != 0 { return false }
        return LAPACKE_zgetri(LAPACK_ROW_MAJOR, Int32(n), p, Int32(n), &pivots) == 0
    }
}
