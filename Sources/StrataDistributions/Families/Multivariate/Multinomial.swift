// The multinomial distribution on probabilities and on logits, composed from a dot product of counts and log probabilities.
import StrataAutodiff
import Glibc

public extension Graph {
    /// log Multinomial(y | θ) = lgamma(N + 1) − Σ lgamma(y_k + 1) + Σ y_k log θ_k with N = Σ y_k
    /// (Stan's `multinomial_lpmf`; θ a simplex of the size of y, y data counts).
    func multinomialLpmf(_ y: Expr, _ theta: Expr, propto: Bool = false) -> Expr {
        let f = "multinomial"
        DistributionArguments.checkConstant(theta, family: f, argument: "probabilities", requirement: "in [0, 1]") { $0 >= 0 && $0 <= 1 }
        if theta.isConstant {
            let total = initialValues[theta.slot.range].reduce(0, +)
            if Swift.abs(total - 1) > 1e-8 { fail("\(f): probabilities sum to \(total), but must be a simplex (sum to 1)") }
        }
        return multinomial(f, y, theta, propto: propto) { log($0) }
    }

    /// log Multinomial(y | softmax(γ)) (Stan's `multinomial_logit_lpmf`).
    func multinomialLogitLpmf(_ y: Expr, _ gamma: Expr, propto: Bool = false) -> Expr {
        DistributionArguments.checkConstant(gamma, family: "multinomial_logit", argument: "log odds", requirement: "finite") { $0.isFinite }
        return multinomial("multinomial_logit", y, gamma, propto: propto) { $0 - $0.graph.logSumExp($0) }
    }

    private func multinomial(_ f: String, _ y: Expr, _ p: Expr, propto: Bool, logProbabilities: (Expr) -> Expr) -> Expr {
        DistributionArguments.checkInteger(y, family: f, argument: "outcome", minimum: 0)
        guard y.count == p.count else { fail("\(f): size mismatch (outcome \(y.count), probabilities \(p.count))"); return constant(0) }
        guard y.isConstant, p.count > 0 else { return constant(0) }
        if propto && p.isConstant { return constant(0) }
        let counts = initialValues[y.slot.range].map { $0.isFinite ? Swift.max($0, 0) : 0 }
        // Only the categories with counts: 0 · log 0 is 0 (Stan's multiply_log).
        let used = counts.indices.filter { counts[$0] > 0 }
        var lp = used.isEmpty ? constant(0) : dot(constant(used.map { counts[$0] }), gather(logProbabilities(p), index: used))
        if !propto {
            lp = lp + (Glibc.lgamma(counts.reduce(0, +) + 1) - counts.reduce(0) { $0 + Glibc.lgamma($1 + 1) })
        }
        return lp
    }
}
