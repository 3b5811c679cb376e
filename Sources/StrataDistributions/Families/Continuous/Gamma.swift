// The gamma and inverse-gamma distributions: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `gamma_lpdf(y | α, β)` (shape α, rate β): α log β − lgamma(α) + (α−1) log y − β y.
public enum GammaFamily: ScalarFamily {
    public static let name = "gamma"
    public static let parameterNames = ["alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("shape", .positiveFinite),
                                                     .real("inverse scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 2), FamilyTerm(1), FamilyTerm(1, 2), FamilyTerm(0, 1)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return -x[2] * x[0]
        case 1: return -lgamma(x[1])
        case 2: return x[1] * log(x[2])
        default: return (x[1] - 1) * log(x[0])
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        switch k {
        case 0: return partials(-x[2], 0, -x[0])
        case 1: return partials(0, -SpecialFunctions.digamma(x[1]))
        case 2: return partials(0, log(x[2]), x[1] / x[2])
        default: return partials((x[1] - 1) / x[0], log(x[0]))
        }
    }
}

/// Stan's `inv_gamma_lpdf(y | α, β)` (shape α, scale β): α log β − lgamma(α) − (α+1) log y − β / y.
public enum InvGammaFamily: ScalarFamily {
    public static let name = "inv_gamma"
    public static let parameterNames = ["alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("shape", .positiveFinite),
                                                     .real("scale", .positiveFinite)]
    public static let terms = GammaFamily.terms

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return -x[2] / x[0]
        case 3: return -(x[1] + 1) * log(x[0])
        default: return GammaFamily.term(k, x)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        switch k {
        case 0: return partials(x[2] / (x[0] * x[0]), 0, -1 / x[0])
        case 3: return partials(-(x[1] + 1) / x[0], -log(x[0]))
        default: return GammaFamily.termGradient(k, x)
        }
    }
}

public extension Graph {
    /// Σ log Gamma(y | α, β) (shape α, rate β); with `propto` drops terms constant in the parameters.
    func gammaLpdf(_ y: Expr, _ alpha: Expr, _ beta: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(GammaFamily.self, [y, alpha, beta], propto: propto)
    }

    /// Σ log InvGamma(y | α, β) (shape α, scale β); with `propto` drops terms constant in the parameters.
    func invGammaLpdf(_ y: Expr, _ alpha: Expr, _ beta: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(InvGammaFamily.self, [y, alpha, beta], propto: propto)
    }
}
