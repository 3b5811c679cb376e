// The Bernoulli distribution (probability and logit scale): log mass terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `bernoulli_lpmf(n | θ)`: n log θ + (1 − n) log(1 − θ) for data n ∈ {0, 1}.
public enum BernoulliFamily: ScalarFamily {
    public static let name = "bernoulli"
    public static let parameterNames = ["theta"]
    public static let arguments: [FamilyArgument] = [.integer("outcome", .binary), .real("probability parameter", .closedUnit)]
    public static let terms = [FamilyTerm(0, 1, weightedBy: [0]), FamilyTerm(0, 1, weightedBy: [0])]

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { k == 0 ? x[0] : 1 - x[0] }
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { k == 0 ? log(x[1]) : log1p(-x[1]) }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        partials(0, k == 0 ? 1 / x[1] : -1 / (1 - x[1]))
    }
}

/// Stan's `bernoulli_logit_lpmf(n | α)`: n log invlogit(α) + (1 − n) log invlogit(−α).
public enum BernoulliLogitFamily: ScalarFamily {
    public static let name = "bernoulli_logit"
    public static let parameterNames = ["alpha"]
    public static let arguments: [FamilyArgument] = [.integer("outcome", .binary), .real("logit-scaled probability", .notNaN)]
    public static let terms = BernoulliFamily.terms

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { BernoulliFamily.weight(k, x) }
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { LogitScale.logProbability(k, x[1]) }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { partials(0, LogitScale.derivative(k, x[1])) }
}

/// log invlogit(±α) and its derivative: term 0 is a success, term 1 a failure.
enum LogitScale {
    static func logProbability(_ k: Int, _ a: Double) -> Double {
        k == 0 ? -SpecialFunctions.log1pExp(-a) : -SpecialFunctions.log1pExp(a)
    }

    static func derivative(_ k: Int, _ a: Double) -> Double {
        k == 0 ? SpecialFunctions.invLogit(-a) : -SpecialFunctions.invLogit(a)
    }
}

public extension Graph {
    /// Σ log Bernoulli(n | θ) for data outcomes n ∈ {0, 1}; with `propto` drops terms constant in the parameters.
    func bernoulliLpmf(_ n: Expr, _ theta: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(BernoulliFamily.self, [n, theta], propto: propto)
    }

    /// Σ log Bernoulli(n | invlogit(α)) for data outcomes n ∈ {0, 1}.
    func bernoulliLogitLpmf(_ n: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(BernoulliLogitFamily.self, [n, alpha], propto: propto)
    }
}
