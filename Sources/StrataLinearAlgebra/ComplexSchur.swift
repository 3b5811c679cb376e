// The complex Schur decomposition A = U T Uᴴ of a general complex matrix, through LAPACK's zgees.
import COpenBLAS

/// A = U T Uᴴ with U unitary and T upper triangular (the eigenvalues on its diagonal, in LAPACK's order).
public enum ComplexSchur {
    /// Decomposes the n×n matrix `a` (2n² doubles, row-major, real and imaginary parts interleaved) into `u` and `t`
    /// (2n² each, same layout). Each column of U is given the phase that makes its largest-modulus element (the first
    /// such) real and positive, and T is rotated to match, so that U and T are smooth functions of A wherever LAPACK's
    /// eigenvalue order is.
    /// - Returns: the index of that element in each column (n values), or nil when LAPACK fails to converge.
    public static func decompose(_ a: UnsafePointer<Double>, n: Int, u: UnsafeMutablePointer<Double>,
                                 t: UnsafeMutablePointer<Double>) -> [Int]? {
        if n == 0 { return [] }
        t.update(from: a, count: 2 * n * n)
        var w = [Double](repeating: 0, count: 2 * n)
        var sdim: Int32 = 0
        let info = w.withUnsafeMutableBytes { pw in
            LAPACKE_zgees(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "N")), nil, Int32(n),
                          OpaquePointer(t), Int32(n), &sdim, OpaquePointer(pw.baseAddress!), OpaquePointer(u), Int32(n))
        }
        if info != 0 { return nil }
        var pivots = [Int](repeating: 0, count: n)
        var phases = [(Double, Double)](repeating: (1, 0), count: n)
        for j in 0..<n {
            var best = 0, largest = -1.0
            for r in 0..<n {
                let m = (u[2 * (r * n + j)] * u[2 * (r * n + j)] + u[2 * (r * n + j) + 1] * u[2 * (r * n + j) + 1]).squareRoot()
                if m > largest { largest = m; best = r }
            }
            pivots[j] = best
            phases[j] = (u[2 * (best * n + j)] / largest, u[2 * (best * n + j) + 1] / largest)
        }
        // U' = U D, D = diag(conj φ_j); T' = Dᴴ T D, T'_ij = φ_i T_ij conj(φ_j).
        for r in 0..<n {
            for j in 0..<n {
                let (pr, pi) = phases[j], k = 2 * (r * n + j)
                let (xr, xi) = (u[k], u[k + 1])
                u[k] = xr * pr + xi * pi; u[k + 1] = xi * pr - xr * pi
            }
        }
        for i in 0..<n {
            for j in 0..<n {
                let k = 2 * (i * n + j)
                if i > j { t[k] = 0; t[k + 1] = 0; continue }
                let (ar, ai) = phases[i], (br, bi) = phases[j]
                // φ_i conj(φ_j)
                let cr = ar * br + ai * bi, ci = ai * br - ar * bi
                let (xr, xi) = (t[k], t[k + 1])
                t[k] = xr * cr - xi * ci; t[k + 1] = xr * ci + xi * cr
            }
        }
        return pivots
    }
}
