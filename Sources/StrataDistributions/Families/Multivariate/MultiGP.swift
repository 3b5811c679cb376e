// Stan's multi_gp and multi_gp_cholesky: the rows of a matrix as independent zero-mean normals sharing a kernel matrix
// up to a per-row precision weight, composed through the kernel's Cholesky factor.
import StrataAutodiff

public extension Graph {
    /// Σ_k log N(y_k | 0, Σ / w_k) over the K rows y_k of the K×N matrix `y` (Stan's `multi_gp_lpdf`).
    func multiGPLpdf(_ y: Expr, _ sigma: Expr, _ w: Expr, propto: Bool = false) -> Expr {
        let N = Int(Double(sigma.count).squareRoot().rounded())
        guard N > 0 && N * N == sigma.count else {
            fail("multi_gp: kernel matrix has \(sigma.count) elements, which is not N*N for an N > 0"); return constant(0)
        }
        return multiGP("multi_gp", y, choleskyDecompose(sigma, n: N), w, dimension: N, propto: propto)
    }

    /// Σ_k log N(y_k | 0, L Lᵀ / w_k) (Stan's `multi_gp_cholesky_lpdf`).
    func multiGPCholeskyLpdf(_ y: Expr, _ cholesky: Expr, _ w: Expr, propto: Bool = false) -> Expr {
        let N = Int(Double(cholesky.count).squareRoot().rounded())
        guard N > 0 && N * N == cholesky.count else {
            fail("multi_gp_cholesky: Cholesky factor has \(cholesky.count) elements, which is not N*N for an N > 0"); return constant(0)
        }
        return multiGP("multi_gp_cholesky", y, cholesky, w, dimension: N, propto: propto)
    }

    /// Σ_k [−N/2 log 2π − Σ log L_nn + N/2 log w_k − w_k/2 · y_kᵀ (L Lᵀ)⁻¹ y_k].
    private func multiGP(_ f: String, _ y: Expr, _ L: Expr, _ w: Expr, dimension N: Int, propto: Bool) -> Expr {
        let K = w.count
        guard K > 0, y.count == K * N else {
            fail("\(f): size mismatch (random variable \(y.count) elements, kernel \(N)×\(N), \(K) weights)"); return constant(0)
        }
        DistributionArguments.checkConstant(w, family: f, argument: "kernel scales", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        if propto && [y, L, w].allSatisfy(\.isConstant) { return constant(0) }
        let halfLogDet = choleskyHalfLogDeterminant(L, dimension: N), zero = constant([Double](repeating: 0, count: N))
        let rows = vectorRows(y, dimension: N, count: K)
        let q = concat(rows.map { inverseQuadraticForm($0, zero, cholesky: L, halfLogDeterminant: halfLogDet, dimension: N) })
        var lp = -0.5 * dot(w, q)
        if !propto || !w.isConstant { lp = lp + 0.5 * Double(N) * sum(log(w)) }
        if !propto || !L.isConstant { lp = lp - Double(K) * halfLogDet }
        if !propto { lp = lp - 0.5 * Double(K * N) * 1.8378770664093453 }
        return lp
    }
}
