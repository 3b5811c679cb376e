// Eigendecomposition of a symmetric matrix through LAPACKE (dsyevd), and functions of SPD matrices.
import COpenBLAS

/// The eigendecomposition `A = V diag(values) Vᵀ` of a symmetric matrix.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Eigenvectors as the columns of a row-major matrix (column j belongs to `values[j]`).
    public let vectors: Matrix

    /// Decomposes `a` (only its lower triangle is read).
    /// - Throws: ``LinearAlgebraError/notSquare(rows:columns:)``, or
    ///   ``LinearAlgebraError/illegalArgument(_:)`` when LAPACK fails to converge.
    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else { throw LinearAlgebraError.notSquare(rows: a.rows, columns: a.columns) }
        let n = a.rows
        var v = a
        var w = [Double](repeating: 0, count: n)
        if n > 0 {
            let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")),
                                      Int32(n), &v.elements, Int32(n), &w)
            if info != 0 { throw LinearAlgebraError.illegalArgument(Int(info)) }
        }
        values = w
        vectors = v
    }

    /// `V diag(f(values)) Vᵀ`.
    public func reassembled(_ f: (Double) -> Double) -> Matrix {
        let n = values.count
        var scaled = vectors
        for j in 0..<n {
            let s = f(values[j])
            for i in 0..<n { scaled[i, j] *= s }
        }
        return BLAS.multiply(scaled, vectors.transposed)
    }
}

public extension Matrix {
    /// The SPD geometric mean `A # B⁻¹ = B^-½ (B^½ A B^½)^½ B^-½` of `A` and the inverse of `B`
    /// (both symmetric positive definite): the unique SPD `S` with `S B S = A`.
    /// - Throws: ``LinearAlgebraError`` when an eigendecomposition fails.
    static func geometricMean(_ a: Matrix, inverseOf b: Matrix) throws -> Matrix {
        let eb = try SymmetricEigen(b)
        let bHalf = eb.reassembled { $0 > 0 ? $0.squareRoot() : 0 }
        let bInverseHalf = eb.reassembled { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        let middle = BLAS.multiply(BLAS.multiply(bHalf, a), bHalf).symmetrised
        let middleHalf = try SymmetricEigen(middle).reassembled { $0 > 0 ? $0.squareRoot() : 0 }
        return BLAS.multiply(BLAS.multiply(bInverseHalf, middleHalf), bInverseHalf).symmetrised
    }

    /// `(A + Aᵀ) / 2`.
    var symmetrised: Matrix {
        var s = self
        for i in 0..<rows { for j in 0..<i { let m = 0.5 * (self[i, j] + self[j, i]); s[i, j] = m; s[j, i] = m } }
        return s
    }
}

/// Eigendecomposition in place, for callers that own their buffers (the AD graph's arena).
/// On entry `a` holds an n×n row-major symmetric matrix (only its lower triangle is read); on exit it holds the
/// eigenvectors as columns and `values` the eigenvalues in ascending order.
/// - Returns: false when LAPACK fails to converge.
public func symmetricEigenInPlace(_ a: UnsafeMutablePointer<Double>, values: UnsafeMutablePointer<Double>, n: Int) -> Bool {
    if n == 0 { return true }
    return LAPACKE_dsyevd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), Int32(n), a, Int32(n), values) == 0
}
