// The Dirichlet distribution over simplexes, composed from graph operations (gradients come from the graph).
import StrataAutodiff

public extension Graph {
    /// Σ_m log Dirichlet(θ_m | α_m) = Σ_m [lgamma(Σα_m) − Σ lgamma(α_m) + Σ (α_m − 1) log θ_m].
    /// - Parameters:
    ///   - theta: M simplexes of size K laid end to end (M·K elements).
    ///   - alpha: K prior counts shared by every simplex, or M·K.
    ///   - dimension: K (nil: the size of `alpha`).
    ///   - propto: drop the normalising terms when α is data, and everything when both are data.
    func dirichletLpdf(_ theta: Expr, _ alpha: Expr, dimension: Int? = nil, propto: Bool = false) -> Expr {
        let f = "dirichlet", K = dimension ?? alpha.count
        guard K > 0, theta.count % K == 0, alpha.count == K || alpha.count == theta.count, theta.count > 0 else {
            fail("\(f): size mismatch (random variable \(theta.count), prior sample sizes \(alpha.count), K = \(K))")
            return constant(0)
        }
        let M = theta.count / K
        DistributionArguments.checkConstant(alpha, family: f, argument: "prior sample sizes", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        DistributionArguments.checkConstant(theta, family: f, argument: "random variable", requirement: "in [0, 1]") { $0 >= 0 && $0 <= 1 }
        if theta.isConstant {
            let v = initialValues, o = theta.slot.offset
            for m in 0..<M {
                let s = (0..<K).reduce(0.0) { $0 + v[o + m * K + $1] }
                if Swift.abs(s - 1) > 1e-8 { fail("\(f): random variable\(M == 1 ? "" : "[\(m + 1)]") sums to \(s), but must be a simplex (sum to 1)"); break }
            }
        }
        if propto && theta.isConstant && alpha.isConstant { return constant(0) }
        let shared = alpha.count == K && M > 1
        let tiled = shared ? gather(alpha, index: (0..<(M * K)).map { $0 % K }) : alpha
        var lp = dot(tiled - 1, log(theta))
        if !propto || !alpha.isConstant {
            let rows = (0..<(alpha.count / K)).map { lgamma(sum(alpha[($0 * K)..<(($0 + 1) * K)])) }
            let normaliser = (rows.count == 1 ? rows[0] : addScalars(rows)) - sum(lgamma(alpha))
            lp = lp + (shared ? normaliser * Double(M) : normaliser)
        }
        return lp
    }
}
