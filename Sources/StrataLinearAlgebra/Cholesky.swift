// Cholesky factorisation and triangular solves through LAPACKE (dpotrf, dtrtrs).
import COpenBLAS

/// Errors reported by LAPACK routines, translated from their `info` codes.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The leading minor of this order (1-based) is not positive definite.
    case notPositiveDefinite(minor: Int)
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// LAPACK rejected an argument (internal error).
    case illegalArgument(Int)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(minor): return "matrix is not positive definite (leading minor \(minor))"
        case let .notSquare(r, c): return "matrix is not square (\(r)x\(c))"
        case let .illegalArgument(i): return "LAPACK rejected argument \(i)"
        }
    }
}

/// The lower Cholesky factor L of a symmetric positive-definite matrix, A = L Lᵀ.
public struct Cholesky: Sendable {
    /// The lower-triangular factor (upper triangle is zero).
    public let lower: Matrix

    /// Factorises `a` (only its lower triangle is read).
    /// - Throws: ``LinearAlgebraError/notPositiveDefinite(minor:)`` when `a` is not SPD.
    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else { throw LinearAlgebraError.notSquare(rows: a.rows, columns: a.columns) }
        var l = a
        let n = a.rows
        if n > 0 {
            let info = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "L")), Int32(n), &l.elements, Int32(n))
            if info > 0 { throw LinearAlgebraError.notPositiveDefinite(minor: Int(info)) }
            if info < 0 { throw LinearAlgebraError.illegalArgument(Int(-info)) }
        }
        for i in 0..<n { for j in (i + 1)..<max(n, i + 1) where j < n { l[i, j] = 0 } }
        lower = l
    }

    /// Dimension of the factored matrix.
    public var dimension: Int { lower.rows }

    /// Computes y = L x.
    public func multiplyLower(_ x: [Double]) -> [Double] {
        let n = dimension
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0...i { s += lower[i, j] * x[j] }
            y[i] = s
        }
        return y
    }

    /// Solves L y = b (forward substitution).
    public func solveLower(_ b: [Double]) -> [Double] {
        let n = dimension
        var y = b
        for i in 0..<n {
            var s = y[i]
            for j in 0..<i { s -= lower[i, j] * y[j] }
            y[i] = s / lower[i, i]
        }
        return y
    }

    /// Solves Lᵀ y = b (back substitution).
    public func solveLowerTransposed(_ b: [Double]) -> [Double] {
        let n = dimension
        var y = b
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for j in (i + 1)..<max(n, i + 1) where j < n { s -= lower[j, i] * y[j] }
            y[i] = s / lower[i, i]
        }
        return y
    }

    /// Solves A x = b with A = L Lᵀ.
    public func solve(_ b: [Double]) -> [Double] { solveLowerTransposed(solveLower(b)) }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<dimension { s += 2 * _logd(lower[i, i]) }
        return s
    }
}

#if canImport(Glibc)
import Glibc
#endif
@inline(__always) func _logd(_ x: Double) -> Double { log(x) }
