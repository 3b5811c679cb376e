// Location-scale families on the real line: logistic, double exponential (Laplace) and Gumbel.
import StrataAutodiff
import Glibc

/// The constraints shared by the location-scale families: finite outcome and location, positive finite scale.
let locationScaleArguments: [FamilyArgument] = [.real("random variable", .finite), .real("location", .finite), .real("scale", .positiveFinite)]

/// Stan's `logistic_lpdf(y | μ, σ)`: −z − log σ − 2 log1p(exp(−z)), z = (y − μ)/σ.
public enum LogisticFamily: ScalarFamily {
    public static let name = "logistic"
    public static let parameterNames = ["mu", "sigma"]
    public static let arguments = locationScaleArguments
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        if k == 1 { return -log(x[2]) }
        let z = (x[0] - x[1]) / x[2]
        return -z - 2 * SpecialFunctions.log1pExp(-z)
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let s = x[2]
        if k == 1 { return partials(0, 0, -1 / s) }
        let z = (x[0] - x[1]) / s, dz = 1 - 2 * SpecialFunctions.invLogit(z)
        return partials(dz / s, -dz / s, -dz * z / s)
    }
}

/// Stan's `double_exponential_lpdf(y | μ, σ)`: −log 2 − log σ − |y − μ|/σ.
public enum DoubleExponentialFamily: ScalarFamily {
    public static let name = "double_exponential"
    public static let parameterNames = ["mu", "sigma"]
    public static let arguments = locationScaleArguments
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return -Swift.abs(x[0] - x[1]) / x[2]
        case 1: return -log(x[2])
        default: return -M_LN2
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let s = x[2], d = x[0] - x[1]
        switch k {
        case 0:
            let sign: Double = d > 0 ? 1 : (d < 0 ? -1 : 0)
            return partials(-sign / s, sign / s, Swift.abs(d) / (s * s))
        case 1: return partials(0, 0, -1 / s)
        default: return partials(0)
        }
    }
}

/// Stan's `gumbel_lpdf(y | μ, β)`: −log β − z − exp(−z), z = (y − μ)/β.
public enum GumbelFamily: ScalarFamily {
    public static let name = "gumbel"
    public static let parameterNames = ["mu", "beta"]
    public static let arguments = locationScaleArguments
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        if k == 1 { return -log(x[2]) }
        let z = (x[0] - x[1]) / x[2]
        return -z - exp(-z)
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let s = x[2]
        if k == 1 { return partials(0, 0, -1 / s) }
        let z = (x[0] - x[1]) / s, dz = -1 + exp(-z)
        return partials(dz / s, -dz / s, -dz * z / s)
    }
}
