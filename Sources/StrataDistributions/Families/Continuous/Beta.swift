// The beta distribution: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `beta_lpdf(y | a, b)`: lgamma(a+b) − lgamma(a) − lgamma(b) + (a−1) log y + (b−1) log(1−y).
public enum BetaFamily: ScalarFamily {
    public static let name = "beta"
    public static let parameterNames = ["alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .openUnit), .real("first shape", .positiveFinite),
                                                     .real("second shape", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1), FamilyTerm(0, 2), FamilyTerm(1, 2), FamilyTerm(1), FamilyTerm(2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return (x[1] - 1) * log(x[0])
        case 1: return (x[2] - 1) * log1p(-x[0])
        case 2: return lgamma(x[1] + x[2])
        case 3: return -lgamma(x[1])
        default: return -lgamma(x[2])
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        switch k {
        case 0: return partials((x[1] - 1) / x[0], log(x[0]))
        case 1: return partials(-(x[2] - 1) / (1 - x[0]), 0, log1p(-x[0]))
        case 2: let psi = SpecialFunctions.digamma(x[1] + x[2]); return partials(0, psi, psi)
        case 3: return partials(0, -SpecialFunctions.digamma(x[1]))
        default: return partials(0, 0, -SpecialFunctions.digamma(x[2]))
        }
    }
}

public extension Graph {
    /// Σ log Beta(y | a, b); with `propto` drops terms constant in the parameters (as `~` does).
    func betaLpdf(_ y: Expr, _ a: Expr, _ b: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(BetaFamily.self, [y, a, b], propto: propto)
    }
}
