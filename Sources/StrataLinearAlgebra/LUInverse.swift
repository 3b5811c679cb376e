// The inverse and the determinant of a general square matrix through LU with partial pivoting (LAPACKE dgetrf, dgetri).
import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// What an in-place LU inversion found: the determinant as a sign and a log absolute value, and whether the matrix
/// was invertible.
public struct LUInversion: Sendable, Equatable {
    /// -1 or +1 (0 when the matrix is singular).
    public let sign: Double
    /// log |det A| (-inf when the matrix is singular, NaN when it has a non-finite entry).
    public let logAbsDeterminant: Double
    /// False when a pivot is exactly zero or an entry is not finite (the buffer then holds no inverse).
    public let invertible: Bool

    /// det A.
    public var determinant: Double { sign == 0 ? (logAbsDeterminant.isNaN ? .nan : 0) : sign * exp(logAbsDeterminant) }
}

/// Replaces the n×n row-major matrix at `a` by its inverse, reporting its determinant. The pivots live in a
/// temporary (stack) allocation, so a caller that owns `a` allocates nothing per call.
public func luInvertInPlace(_ a: UnsafeMutablePointer<Double>, n: Int) -> LUInversion {
    if n == 0 { return LUInversion(sign: 1, logAbsDeterminant: 0, invertible: true) }
    for i in 0..<(n * n) where !a[i].isFinite { return LUInversion(sign: 0, logAbsDeterminant: .nan, invertible: false) }
    return withUnsafeTemporaryAllocation(of: Int32.self, capacity: n) { pivots in
        let pivot = pivots.baseAddress!
        let info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, Int32(n), Int32(n), a, Int32(n), pivot)
        if info < 0 { return LUInversion(sign: 0, logAbsDeterminant: .nan, invertible: false) }
        if info > 0 { return LUInversion(sign: 0, logAbsDeterminant: -.infinity, invertible: false) }
        var sign = 1.0, logAbs = 0.0
        for i in 0..<n {
            let u = a[i * n + i]
            if pivot[i] != Int32(i + 1) { sign = -sign }
            if u < 0 { sign = -sign }
            logAbs += log(Swift.abs(u))
        }
        let inverted = LAPACKE_dgetri(LAPACK_ROW_MAJOR, Int32(n), a, Int32(n), pivot)
        return LUInversion(sign: sign, logAbsDeterminant: logAbs, invertible: inverted == 0)
    }
}
