// The binomial distribution (probability and logit scale): log mass terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `binomial_lpmf(n | N, θ)`: log C(N, n) + n log θ + (N − n) log(1 − θ), with 0 · log 0 = 0.
public enum BinomialFamily: ScalarFamily {
    public static let name = "binomial"
    public static let parameterNames = ["N", "theta"]
    public static let arguments: [FamilyArgument] = [.integer("successes"), .integer("population size"),
                                                     .real("probability parameter", .closedUnit)]
    public static let relations = [FamilyRelation([0, 1]) { x in x[0] <= x[1] ? nil : (0, "<= population size \(x[1])") }]
    /// n log p and (N − n) log(1 − p) (weighted by the counts), then log C(N, n).
    public static let terms = [FamilyTerm(0, 2, weightedBy: [0]), FamilyTerm(0, 1, 2, weightedBy: [0, 1]), FamilyTerm(0, 1)]

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { k == 0 ? x[0] : x[1] - x[0] }
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return log(x[2])
        case 1: return log1p(-x[2])
        default: return logChoose(x[1], x[0])
        }
    }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        switch k {
        case 0: return partials(0, 0, 1 / x[2])
        case 1: return partials(0, 0, -1 / (1 - x[2]))
        default: return partials(0)
        }
    }
}

/// Stan's `binomial_logit_lpmf(n | N, α)`: the binomial at θ = invlogit(α).
public enum BinomialLogitFamily: ScalarFamily {
    public static let name = "binomial_logit"
    public static let parameterNames = ["N", "alpha"]
    public static let arguments: [FamilyArgument] = [.integer("successes"), .integer("population size"),
                                                     .real("logit-scaled probability", .finite)]
    public static let relations = BinomialFamily.relations
    public static let terms = BinomialFamily.terms

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { BinomialFamily.weight(k, x) }
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { k < 2 ? LogitScale.logProbability(k, x[2]) : logChoose(x[1], x[0]) }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { partials(0, 0, k < 2 ? LogitScale.derivative(k, x[2]) : 0) }
}

/// log C(N, n) = lgamma(N+1) − lgamma(n+1) − lgamma(N−n+1).
func logChoose(_ bigN: Double, _ n: Double) -> Double {
    lgamma(bigN + 1) - lgamma(n + 1) - lgamma(bigN - n + 1)
}

public extension Graph {
    /// Σ log Binomial(n | N, θ) for data n and N; with `propto` drops terms constant in the parameters.
    func binomialLpmf(_ n: Expr, _ trials: Expr, _ theta: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(BinomialFamily.self, [n, trials, theta], propto: propto)
    }

    /// Σ log Binomial(n | N, invlogit(α)) for data n and N.
    func binomialLogitLpmf(_ n: Expr, _ trials: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(BinomialLogitFamily.self, [n, trials, alpha], propto: propto)
    }
}
