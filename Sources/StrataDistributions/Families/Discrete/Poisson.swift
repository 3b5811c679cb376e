// The Poisson distribution (rate and log-rate scale): log mass terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `poisson_lpmf(n | λ)`: n log λ − λ − lgamma(n + 1), with 0 · log 0 = 0.
public enum PoissonFamily: ScalarFamily {
    public static let name = "poisson"
    public static let parameterNames = ["lambda"]
    public static let arguments: [FamilyArgument] = [.integer("outcome"), .real("rate", .nonnegativeFinite)]
    public static let terms = [FamilyTerm(0, 1, weightedBy: [0]), FamilyTerm(1), FamilyTerm(0)]

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { x[0] }
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return log(x[1])
        case 1: return -x[1]
        default: return -lgamma(x[0] + 1)
        }
    }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        partials(0, k == 0 ? 1 / x[1] : k == 1 ? -1 : 0)
    }
}

/// Stan's `poisson_log_lpmf(n | α)`: n α − exp(α) − lgamma(n + 1).
public enum PoissonLogFamily: ScalarFamily {
    public static let name = "poisson_log"
    public static let parameterNames = ["alpha"]
    public static let arguments: [FamilyArgument] = [.integer("outcome"), .real("log rate", .finite)]
    public static let terms = PoissonFamily.terms

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { x[0] }
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return x[1]
        case 1: return -exp(x[1])
        default: return -lgamma(x[0] + 1)
        }
    }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        partials(0, k == 0 ? 1 : k == 1 ? -exp(x[1]) : 0)
    }
}

public extension Graph {
    /// Σ log Poisson(n | λ) for data counts n; with `propto` drops terms constant in the parameters.
    func poissonLpmf(_ n: Expr, _ lambda: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(PoissonFamily.self, [n, lambda], propto: propto)
    }

    /// Σ log Poisson(n | exp(α)) for data counts n; with `propto` drops terms constant in the parameters.
    func poissonLogLpmf(_ n: Expr, _ alpha: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(PoissonLogFamily.self, [n, alpha], propto: propto)
    }
}
