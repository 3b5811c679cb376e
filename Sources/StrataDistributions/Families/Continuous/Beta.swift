// The beta distribution and its mean-precision form beta_proportion: log density terms, partials and argument constraints.
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

/// Stan's `beta_proportion_lpdf(y | μ, κ)`, the beta with shapes μκ and (1 − μ)κ:
/// lgamma(κ) − lgamma(μκ) − lgamma((1−μ)κ) + (μκ−1) log y + ((1−μ)κ−1) log(1−y).
public enum BetaProportionFamily: ScalarFamily {
    public static let name = "beta_proportion"
    public static let parameterNames = ["mu", "kappa"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .openUnit), .real("location", .openUnit),
                                                     .real("precision", .positiveFinite)]
    public static let terms = [FamilyTerm(1, 2), FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], mu = x[1], kappa = x[2]
        if k == 0 { return lgamma(kappa) - lgamma(mu * kappa) - lgamma((1 - mu) * kappa) }
        return (mu * kappa - 1) * log(y) + ((1 - mu) * kappa - 1) * log1p(-y)
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], mu = x[1], kappa = x[2], psi = SpecialFunctions.digamma
        if k == 0 {
            let pa = psi(mu * kappa), pb = psi((1 - mu) * kappa)
            return partials(0, kappa * (pb - pa), psi(kappa) - mu * pa - (1 - mu) * pb)
        }
        let ly = log(y), lz = log1p(-y)
        return partials((mu * kappa - 1) / y - ((1 - mu) * kappa - 1) / (1 - y), kappa * (ly - lz), mu * ly + (1 - mu) * lz)
    }
}

public extension Graph {
    /// Σ log Beta(y | a, b); with `propto` drops terms constant in the parameters (as `~` does).
    func betaLpdf(_ y: Expr, _ a: Expr, _ b: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(BetaFamily.self, [y, a, b], propto: propto)
    }
}
