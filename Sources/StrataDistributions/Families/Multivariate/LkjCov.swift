// Stan's lkj_cov: lognormal priors on a covariance matrix's standard deviations and the LKJ density on its correlations.
import StrataAutodiff

public extension Graph {
    /// log LkjCov(Σ | μ, σ, η) = Σ_k log LogNormal(√Σ_kk | μ_k, σ_k) + log LkjCorr(D⁻¹ Σ D⁻¹ | η), D = diag(√Σ_kk)
    /// (Stan's `lkj_cov_lpdf`; μ and σ vectors of size K or scalars).
    func lkjCovLpdf(_ sigmaMatrix: Expr, _ mu: Expr, _ sigma: Expr, _ eta: Expr, propto: Bool = false) -> Expr {
        let K = Int(Double(sigmaMatrix.count).squareRoot().rounded())
        guard K > 0 && K * K == sigmaMatrix.count, mu.count == 1 || mu.count == K, sigma.count == 1 || sigma.count == K else {
            fail("lkj_cov: size mismatch (random variable \(sigmaMatrix.count) elements, location \(mu.count), scale \(sigma.count))")
            return constant(0)
        }
        let sds = sqrt(gather(sigmaMatrix, index: (0..<K).map { $0 * K + $0 }))
        let cells = (0..<(K * K))
        let correlation = sigmaMatrix / (gather(sds, index: cells.map { $0 / K }) * gather(sds, index: cells.map { $0 % K }))
        return scalarFamilyLogDensity(LognormalFamily.self, [sds, mu, sigma], propto: propto) + lkjCorrLpdf(correlation, eta, propto: propto)
    }
}
