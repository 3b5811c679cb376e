// The chi-square family: chi-square, inverse chi-square and scaled inverse chi-square.
import StrataAutodiff
import Glibc

/// Stan's `chi_square_lpdf(y | ν)`: (ν/2 − 1) log y − y/2 − lgamma(ν/2) − (ν/2) log 2.
public enum ChiSquareFamily: ScalarFamily {
    public static let name = "chi_square"
    public static let parameterNames = ["nu"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .nonnegativeFinite), .real("degrees of freedom", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1), FamilyTerm(0), FamilyTerm(1)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], nu = x[1]
        switch k {
        case 0: return (0.5 * nu - 1) * log(y)
        case 1: return -0.5 * y
        default: return -lgamma(0.5 * nu) - 0.5 * nu * M_LN2
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], nu = x[1]
        switch k {
        case 0: return partials((0.5 * nu - 1) / y, 0.5 * log(y))
        case 1: return partials(-0.5)
        default: return partials(0, -0.5 * SpecialFunctions.digamma(0.5 * nu) - 0.5 * M_LN2)
        }
    }
}

/// Stan's `inv_chi_square_lpdf(y | ν)`: −(ν/2) log 2 − lgamma(ν/2) − (ν/2 + 1) log y − 1/(2y).
public enum InvChiSquareFamily: ScalarFamily {
    public static let name = "inv_chi_square"
    public static let parameterNames = ["nu"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("degrees of freedom", .positiveFinite)]
    public static let terms = [FamilyTerm(1), FamilyTerm(0, 1), FamilyTerm(0)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], nu = x[1]
        switch k {
        case 0: return -lgamma(0.5 * nu) - 0.5 * nu * M_LN2
        case 1: return -(0.5 * nu + 1) * log(y)
        default: return -0.5 / y
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], nu = x[1]
        switch k {
        case 0: return partials(0, -0.5 * SpecialFunctions.digamma(0.5 * nu) - 0.5 * M_LN2)
        case 1: return partials(-(0.5 * nu + 1) / y, -0.5 * log(y))
        default: return partials(0.5 / (y * y))
        }
    }
}

/// Stan's `scaled_inv_chi_square_lpdf(y | ν, s)`:
/// (ν/2) log(ν/2) − lgamma(ν/2) + ν log s − (ν/2 + 1) log y − ν s²/(2y).
public enum ScaledInvChiSquareFamily: ScalarFamily {
    public static let name = "scaled_inv_chi_square"
    public static let parameterNames = ["nu", "s"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("degrees of freedom", .positiveFinite),
                                                     .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(1), FamilyTerm(1, 2), FamilyTerm(0, 1), FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], nu = x[1], s = x[2]
        switch k {
        case 0: return 0.5 * nu * log(0.5 * nu) - lgamma(0.5 * nu)
        case 1: return nu * log(s)
        case 2: return -(0.5 * nu + 1) * log(y)
        default: return -nu * s * s / (2 * y)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], nu = x[1], s = x[2]
        switch k {
        case 0: return partials(0, 0.5 * log(0.5 * nu) + 0.5 - 0.5 * SpecialFunctions.digamma(0.5 * nu))
        case 1: return partials(0, log(s), nu / s)
        case 2: return partials(-(0.5 * nu + 1) / y, -0.5 * log(y))
        default: return partials(nu * s * s / (2 * y * y), -s * s / (2 * y), -nu * s / y)
        }
    }
}
