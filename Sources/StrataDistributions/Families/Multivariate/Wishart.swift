// The Wishart and inverse Wishart distributions over covariance matrices and over their Cholesky factors, composed
// from graph operations through Cholesky factors.
import StrataAutodiff

public extension Graph {
    /// log Wishart(W | ν, S) = (ν−K−1)/2 log det W − ½ tr(S⁻¹W) − νK/2 log 2 − ν/2 log det S − log Γ_K(ν/2)
    /// (Stan's `wishart_lpdf`), with tr(S⁻¹W) = Σ_j c_jᵀ S⁻¹ c_j over the columns c_j of W's Cholesky factor.
    func wishartLpdf(_ w: Expr, _ nu: Expr, _ s: Expr, propto: Bool = false) -> Expr {
        wishart("wishart", w, nu, s, inverse: false, factors: false, propto: propto)
    }

    /// log InvWishart(W | ν, S) = ν/2 log det S − (ν+K+1)/2 log det W − ½ tr(S W⁻¹) − νK/2 log 2 − log Γ_K(ν/2)
    /// (Stan's `inv_wishart_lpdf`), with tr(S W⁻¹) = Σ_j d_jᵀ W⁻¹ d_j over the columns d_j of S's Cholesky factor.
    func invWishartLpdf(_ w: Expr, _ nu: Expr, _ s: Expr, propto: Bool = false) -> Expr {
        wishart("inv_wishart", w, nu, s, inverse: true, factors: false, propto: propto)
    }

    /// Stan's `wishart_cholesky_lpdf(L_W | ν, L_S)`: the Wishart density of L_W L_Wᵀ given scale L_S L_Sᵀ times the
    /// Jacobian 2^K Π_k L_kk^(K−k+1) of L ↦ L Lᵀ.
    func wishartCholeskyLpdf(_ lw: Expr, _ nu: Expr, _ ls: Expr, propto: Bool = false) -> Expr {
        wishart("wishart_cholesky", lw, nu, ls, inverse: false, factors: true, propto: propto)
    }

    /// Stan's `inv_wishart_cholesky_lpdf(L_W | ν, L_S)`, the inverse Wishart's counterpart.
    func invWishartCholeskyLpdf(_ lw: Expr, _ nu: Expr, _ ls: Expr, propto: Bool = false) -> Expr {
        wishart("inv_wishart_cholesky", lw, nu, ls, inverse: true, factors: true, propto: propto)
    }

    /// The four forms: `factors` when the outcome and the scale are Cholesky factors already.
    private func wishart(_ f: String, _ w: Expr, _ nu: Expr, _ s: Expr, inverse: Bool, factors: Bool, propto: Bool) -> Expr {
        let K = Int(Double(w.count).squareRoot().rounded())
        guard K > 0 && K * K == w.count && s.count == w.count else {
            fail("\(f): size mismatch (random variable \(w.count), scale \(s.count) elements; both must be K*K)"); return constant(0)
        }
        guard nu.count == 1 else { fail("\(f): degrees of freedom must be a scalar, got \(nu.count) elements"); return constant(0) }
        DistributionArguments.checkConstant(nu, family: f, argument: "degrees of freedom", requirement: "greater than \(K - 1)") {
            $0 > Double(K - 1) && $0.isFinite
        }
        if propto && [w, nu, s].allSatisfy(\.isConstant) { return constant(0) }
        let C = factors ? w : choleskyDecompose(w, n: K), L = factors ? s : choleskyDecompose(s, n: K)
        let halfLogDetW = choleskyHalfLogDeterminant(C, dimension: K), halfLogDetS = choleskyHalfLogDeterminant(L, dimension: K)
        let k = Double(K)
        var terms: [Expr] = []
        // The trace: columns of one factor in the quadratic form of the other.
        if !propto || !w.isConstant || !s.isConstant {
            let (columnsOf, formOf, halfLogDet) = inverse ? (L, C, halfLogDetW) : (C, L, halfLogDetS)
            let zero = constant([Double](repeating: 0, count: K))
            let forms = (0..<K).map {
                inverseQuadraticForm(matrixColumn(columnsOf, $0, dimension: K), zero, cholesky: formOf, halfLogDeterminant: halfLogDet, dimension: K)
            }
            terms.append(-0.5 * addScalars(forms))
        }
        if !propto || !w.isConstant || !nu.isConstant {
            terms.append((inverse ? -(nu + k + 1) : nu - k - 1) * halfLogDetW)
        }
        if !propto || !s.isConstant || !nu.isConstant { terms.append((inverse ? nu : -1 * nu) * halfLogDetS) }
        if !propto || !nu.isConstant {
            let shifts = constant((0..<K).map { -0.5 * Double($0) })
            terms.append(-0.5 * k * 0.6931471805599453 * nu - sum(lgamma(0.5 * nu + shifts)) - 0.25 * k * (k - 1) * 1.1447298858494002)
        }
        if factors && (!propto || !w.isConstant) {
            terms.append(dot(constant((0..<K).map { Double(K - $0) }), log(gather(C, index: (0..<K).map { $0 * K + $0 }))) + k * 0.6931471805599453)
        }
        return terms.count == 1 ? terms[0] : addScalars(terms)
    }
}
