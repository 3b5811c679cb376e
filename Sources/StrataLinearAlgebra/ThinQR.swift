// Orthonormal basis of a matrix's columns through Householder QR (LAPACKE dgeqrf + dorgqr).
import COpenBLAS

/// The thin Q factor of a tall matrix: `rows x columns` with orthonormal columns spanning (at least)
/// the column space of the input.
public enum ThinQR {
    /// Q of `a = Q R` (`a.rows >= a.columns`).
    /// - Throws: ``LinearAlgebraError/illegalArgument(_:)`` if LAPACK rejects the input.
    public static func orthonormalBasis(_ a: Matrix) throws -> Matrix {
        let m = a.rows, n = a.columns
        precondition(m >= n, "thin QR needs at least as many rows as columns")
        var q = a
        if n == 0 { return q }
        var tau = [Double](repeating: 0, count: n)
        var info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, Int32(m), Int32(n), &q.elements, Int32(n), &tau)
        if info != 0 { throw LinearAlgebraError.illegalArgument(Int(-info)) }
        info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, Int32(m), Int32(n), Int32(n), &q.elements, Int32(n), &tau)
        if info != 0 { throw LinearAlgebraError.illegalArgument(Int(-info)) }
        return q
    }
}
