// The multivariate Student t on a covariance matrix or its Cholesky factor, composed from graph operations.
import StrataAutodiff

public extension Graph {
    /// Σ_m log MultiStudentT(y_m | ν, μ_m, Σ) (Stan's `multi_student_t_lpdf`), through Σ's Cholesky factor.
    func multiStudentTLpdf(_ y: Expr, _ nu: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        let K = Int(Double(sigma.count).squareRoot().rounded())
        guard K > 0 && K * K == sigma.count else {
            fail("multi_student_t: scale matrix has \(sigma.count) elements, which is not K*K for a K > 0"); return constant(0)
        }
        return multiStudentT("multi_student_t", y, nu, mu, choleskyDecompose(sigma, n: K), dimension: K, propto: propto)
    }

    /// Σ_m log MultiStudentT(y_m | ν, μ_m, L Lᵀ) (Stan's `multi_student_t_cholesky_lpdf`).
    func multiStudentTCholeskyLpdf(_ y: Expr, _ nu: Expr, _ mu: Expr, _ cholesky: Expr, propto: Bool = false) -> Expr {
        let K = Int(Double(cholesky.count).squareRoot().rounded())
        guard K > 0 && K * K == cholesky.count else {
            fail("multi_student_t_cholesky: Cholesky factor has \(cholesky.count) elements, which is not K*K for a K > 0"); return constant(0)
        }
        return multiStudentT("multi_student_t_cholesky", y, nu, mu, cholesky, dimension: K, propto: propto)
    }

    /// Σ_m [lgamma((ν+K)/2) − lgamma(ν/2) − K/2 log(νπ) − Σ log L_kk − (ν+K)/2 log(1 + q_m/ν)],
    /// q_m = (y_m − μ_m)ᵀ (L Lᵀ)⁻¹ (y_m − μ_m); with `propto` the terms whose arguments are all data are dropped.
    private func multiStudentT(_ f: String, _ y: Expr, _ nu: Expr, _ mu: Expr, _ L: Expr, dimension K: Int, propto: Bool) -> Expr {
        guard y.count % K == 0, mu.count % K == 0, y.count > 0, mu.count == K || mu.count == y.count || y.count == K else {
            fail("\(f): size mismatch (random variable \(y.count), location \(mu.count), K = \(K))"); return constant(0)
        }
        guard nu.count == 1 else { fail("\(f): degrees of freedom must be a scalar, got \(nu.count) elements"); return constant(0) }
        DistributionArguments.checkConstant(nu, family: f, argument: "degrees of freedom", requirement: "positive and finite") {
            $0 > 0 && $0.isFinite
        }
        if propto && [y, nu, mu, L].allSatisfy(\.isConstant) { return constant(0) }
        let M = Swift.max(y.count, mu.count) / K
        let halfLogDet = choleskyHalfLogDeterminant(L, dimension: K)
        let ys = vectorRows(y, dimension: K, count: M), mus = vectorRows(mu, dimension: K, count: M)
        let q = concat((0..<M).map { inverseQuadraticForm(ys[$0], mus[$0], cholesky: L, halfLogDeterminant: halfLogDet, dimension: K) })
        var lp = -0.5 * (nu + Double(K)) * sum(log1p(q / nu))
        if !propto || !nu.isConstant {
            lp = lp + Double(M) * (lgamma(0.5 * (nu + Double(K))) - lgamma(0.5 * nu) - 0.5 * Double(K) * log(nu))
        }
        if !propto || !L.isConstant { lp = lp - Double(M) * halfLogDet }
        if !propto { lp = lp - 0.5 * Double(M * K) * 1.1447298858494002 }
        return lp
    }
}
