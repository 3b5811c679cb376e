// Quadratic forms in an inverse covariance and log determinants from a Cholesky factor, for the composed multivariate
// families (multi_student_t, wishart, inv_wishart).
import StrataAutodiff

extension Graph {
    /// ½ log det(L Lᵀ) = Σ_k log L_kk for a K×K row-major factor.
    func choleskyHalfLogDeterminant(_ L: Expr, dimension K: Int) -> Expr {
        sum(log(gather(L, index: (0..<K).map { $0 * K + $0 })))
    }

    /// Column `j` of a K×K row-major matrix.
    func matrixColumn(_ A: Expr, _ j: Int, dimension K: Int) -> Expr {
        gather(A, index: (0..<K).map { $0 * K + j })
    }

    /// (x − m)ᵀ (L Lᵀ)⁻¹ (x − m) for one K-vector, read off the multivariate normal's fused kernel (which solves with L
    /// and has the gradient): log N(x | m, L Lᵀ) = −K/2 log 2π − Σ log L_kk − q/2, so q = −2(log N + Σ log L_kk) − K log 2π.
    /// `halfLogDeterminant` is ``choleskyHalfLogDeterminant(_:dimension:)`` of L.
    func inverseQuadraticForm(_ x: Expr, _ m: Expr, cholesky L: Expr, halfLogDeterminant: Expr, dimension K: Int) -> Expr {
        -2 * (multiNormalCholeskyLpdf(x, m, L, propto: false) + halfLogDeterminant) - Double(K) * 1.8378770664093453
    }

    /// The K-vectors laid end to end in `x` (K or M·K elements; a single vector is repeated M times).
    func vectorRows(_ x: Expr, dimension K: Int, count M: Int) -> [Expr] {
        x.count == K ? [Expr](repeating: x, count: M) : (0..<M).map { x[($0 * K)..<(($0 + 1) * K)] }
    }
}
