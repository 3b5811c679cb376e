// The multivariate normal on a covariance or a precision matrix, through the Cholesky factor.
import StrataAutodiff

public extension Graph {
    /// Σ_m log MultiNormal(y_m | μ_m, Σ) via the Cholesky factor of Σ (K from Σ's K² elements).
    func multiNormalLpdf(_ y: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        let K = Int(Double(sigma.count).squareRoot().rounded())
        guard K > 0 && K * K == sigma.count else {
            fail("multi_normal: covariance has \(sigma.count) elements, which is not K*K for a K > 0"); return constant(0)
        }
        return multiNormalCholeskyLpdf(y, mu, choleskyDecompose(sigma, n: K), propto: propto)
    }

    /// Σ_m log MultiNormal(y_m | μ_m, Ω⁻¹) = Σ_m [−K/2 log 2π + Σ log diag(L) − ½ ‖Lᵀ(y_m − μ_m)‖²] with Ω = L Lᵀ.
    func multiNormalPrecLpdf(_ y: Expr, _ mu: Expr, _ omega: Expr, propto: Bool = false) -> Expr {
        let f = "multi_normal_prec"
        let K = Int(Double(omega.count).squareRoot().rounded())
        guard K > 0 && K * K == omega.count, y.count % K == 0, mu.count % K == 0, y.count > 0,
              mu.count == K || mu.count == y.count || y.count == K else {
            fail("\(f): size mismatch (random variable \(y.count), location \(mu.count), precision \(omega.count))"); return constant(0)
        }
        if propto && y.isConstant && mu.isConstant && omega.isConstant { return constant(0) }
        let M = Swift.max(y.count, mu.count) / K
        let L = choleskyDecompose(omega, n: K)
        let columns = (0..<K).map { j in gather(L, index: (0..<K).map { $0 * K + j }) }
        func rows(_ x: Expr) -> [Expr] { x.count == K ? [Expr](repeating: x, count: M) : (0..<M).map { x[($0 * K)..<(($0 + 1) * K)] } }
        let ys = rows(y), mus = rows(mu)
        var quads: [Expr] = []
        for m in 0..<M {
            let d = ys[m] - mus[m]
            let z = concat(columns.map { dot($0, d) })
            quads.append(dot(z, z))
        }
        var lp = -0.5 * (quads.count == 1 ? quads[0] : addScalars(quads))
        if !propto || !omega.isConstant {
            lp = lp + Double(M) * sum(log(gather(L, index: (0..<K).map { $0 * K + $0 })))
        }
        if !propto { lp = lp - Double(M * K) * 0.9189385332046727 }
        return lp
    }
}
