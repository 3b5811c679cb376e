// The categorical distribution on probabilities and on logits, composed from a gather of log probabilities.
import StrataAutodiff

public extension Graph {
    /// Σ_n log θ[y_n] for data outcomes y_n ∈ 1...K (Stan's `categorical_lpmf`; θ a simplex of size K).
    func categoricalLpmf(_ y: Expr, _ theta: Expr, propto: Bool = false) -> Expr {
        categorical("categorical", y, theta, propto: propto) { log($0) }
    }

    /// Σ_n log softmax(β)[y_n] (Stan's `categorical_logit_lpmf`).
    func categoricalLogitLpmf(_ y: Expr, _ beta: Expr, propto: Bool = false) -> Expr {
        categorical("categorical_logit", y, beta, propto: propto) { $0 - $0.graph.logSumExp($0) }
    }

    private func categorical(_ f: String, _ y: Expr, _ p: Expr, propto: Bool, logProbabilities: (Expr) -> Expr) -> Expr {
        DistributionArguments.checkInteger(y, family: f, argument: "outcome", minimum: 1)
        DistributionArguments.checkConstant(y, family: f, argument: "outcome", requirement: "<= \(p.count) (the number of categories)") { $0 <= Double(p.count) }
        if f == "categorical" {
            DistributionArguments.checkConstant(p, family: f, argument: "probabilities", requirement: "in [0, 1]") { $0 >= 0 && $0 <= 1 }
        } else {
            DistributionArguments.checkConstant(p, family: f, argument: "log odds", requirement: "finite") { $0.isFinite }
        }
        guard y.isConstant, p.count > 0 else { return constant(0) }
        if propto && p.isConstant { return constant(0) }
        let values = initialValues[y.slot.range].map { Swift.min(Swift.max(Int($0.isFinite ? $0 : 1) - 1, 0), p.count - 1) }
        if values.isEmpty { return constant(0) }
        return sum(gather(logProbabilities(p), index: values))
    }
}
