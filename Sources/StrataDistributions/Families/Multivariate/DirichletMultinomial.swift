// The Dirichlet-multinomial distribution (multinomial counts with Dirichlet-distributed probabilities), composed from lgamma.
import StrataAutodiff
import Glibc

public extension Graph {
    /// log DirichletMultinomial(y | α) = lgamma(α₀) + lgamma(N + 1) − lgamma(N + α₀) + Σ_k [lgamma(y_k + α_k) − lgamma(α_k)
    /// − lgamma(y_k + 1)], α₀ = Σ α_k, N = Σ y_k (Stan's `dirichlet_multinomial_lpmf`; y data counts).
    func dirichletMultinomialLpmf(_ y: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        let f = "dirichlet_multinomial"
        DistributionArguments.checkInteger(y, family: f, argument: "outcome", minimum: 0)
        DistributionArguments.checkConstant(alpha, family: f, argument: "prior size", requirement: "positive and finite") { $0 > 0 && $0.isFinite }
        guard y.count == alpha.count else { fail("\(f): size mismatch (outcome \(y.count), prior sizes \(alpha.count))"); return constant(0) }
        guard y.isConstant, alpha.count > 0 else { return constant(0) }
        if propto && alpha.isConstant { return constant(0) }
        let counts = initialValues[y.slot.range].map { $0.isFinite ? Swift.max($0, 0) : 0 }
        let n = counts.reduce(0, +)
        if n == 0 { return constant(0) }                            // no draws: probability 1
        let total = sum(alpha)
        var lp = lgamma(total) - lgamma(total + n) + sum(lgamma(alpha + constant(counts))) - sum(lgamma(alpha))
        if !propto { lp = lp + (Glibc.lgamma(n + 1) - counts.reduce(0) { $0 + Glibc.lgamma($1 + 1) }) }
        return lp
    }
}
