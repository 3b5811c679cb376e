// The LKJ distribution over correlation matrices, through the Cholesky factor's density less its Jacobian.
import StrataAutodiff

public extension Graph {
    /// log LkjCorr(Ω | η) = (η − 1) log det Ω − log c_K(η) (Stan's `lkj_corr_lpdf`), as
    /// lkj_corr_cholesky(L | η) − Σ_k (K − k) log L_kk for L = cholesky(Ω): the Cholesky family's density is this
    /// one times the Jacobian Π_k L_kk^(K−k) of L ↦ L Lᵀ. With `propto` the Jacobian is dropped with the Cholesky
    /// family's own (K − k) log L_kk, i.e. when Ω is data.
    func lkjCorrLpdf(_ omega: Expr, _ eta: Expr, propto: Bool = false) -> Expr {
        let K = Int(Double(omega.count).squareRoot().rounded())
        guard K > 0 && K * K == omega.count else {
            fail("lkj_corr: random variable has \(omega.count) elements, which is not K*K for a K > 0"); return constant(0)
        }
        if omega.isConstant { checkCorrelationMatrix(omega, dimension: K) }
        let L = choleskyDecompose(omega, n: K)
        let lp = lkjCorrCholeskyLpdf(L, eta, propto: propto)
        guard K > 1, !propto || !omega.isConstant else { return lp }
        let diagonal = gather(L, index: (0..<K).map { $0 * K + $0 })
        return lp - dot(constant((0..<K).map { Double(K - $0 - 1) }), log(diagonal))
    }

    /// Records a build error unless data `omega` is symmetric with a unit diagonal.
    private func checkCorrelationMatrix(_ omega: Expr, dimension K: Int) {
        let v = initialValues, o = omega.slot.offset
        for r in 0..<K {
            if Swift.abs(v[o + r * K + r] - 1) > 1e-8 {
                fail("lkj_corr: random variable[\(r + 1),\(r + 1)] is \(v[o + r * K + r]), but must be 1 (a correlation matrix)"); return
            }
            for c in 0..<r where Swift.abs(v[o + r * K + c] - v[o + c * K + r]) > 1e-8 {
                fail("lkj_corr: random variable is not symmetric at [\(r + 1),\(c + 1)]"); return
            }
        }
    }
}
