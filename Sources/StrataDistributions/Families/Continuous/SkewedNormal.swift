// Normal variants with skew: the skew normal and the exponentially modified normal.
import StrataAutodiff
import Glibc

/// Stan's `skew_normal_lpdf(y | ξ, ω, α)`: −½ log 2π − log ω − z²/2 + log erfc(−α z/√2), z = (y − ξ)/ω.
public enum SkewNormalFamily: ScalarFamily {
    public static let name = "skew_normal"
    public static let parameterNames = ["xi", "omega", "alpha"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .finite), .real("location", .finite),
                                                     .real("scale", .positiveFinite), .real("shape", .finite)]
    public static let terms = [FamilyTerm(2), FamilyTerm(0, 1, 2, 3), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return -log(x[2])
        case 1:
            let z = (x[0] - x[1]) / x[2]
            return -0.5 * z * z + LogErfc.value(-x[3] * z * LogConstants.sqrtHalf)
        default: return -LogConstants.halfLog2Pi
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let w = x[2], a = x[3]
        switch k {
        case 0: return partials(0, 0, -1 / w)
        case 1:
            let z = (x[0] - x[1]) / w, d = LogErfc.derivative(-a * z * LogConstants.sqrtHalf)
            let dz = -z - d * a * LogConstants.sqrtHalf
            return partials(dz / w, -dz / w, -dz * z / w, -d * z * LogConstants.sqrtHalf)
        default: return partials(0)
        }
    }
}

/// Stan's `exp_mod_normal_lpdf(y | μ, σ, λ)`:
/// log λ − log 2 + λ(μ − y) + λ²σ²/2 + log erfc((μ + λσ² − y)/(σ√2)).
public enum ExpModNormalFamily: ScalarFamily {
    public static let name = "exp_mod_normal"
    public static let parameterNames = ["mu", "sigma", "lambda"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .finite), .real("location", .finite),
                                                     .real("scale", .positiveFinite), .real("inverse scale", .positiveFinite)]
    public static let terms = [FamilyTerm(3), FamilyTerm(0, 1, 2, 3), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], mu = x[1], s = x[2], l = x[3]
        switch k {
        case 0: return log(l)
        case 1: return l * (mu - y) + 0.5 * l * l * s * s + LogErfc.value((mu + l * s * s - y) / s * LogConstants.sqrtHalf)
        default: return -M_LN2
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], mu = x[1], s = x[2], l = x[3]
        switch k {
        case 0: return partials(0, 0, 0, 1 / l)
        case 1:
            let d = LogErfc.derivative((mu + l * s * s - y) / s * LogConstants.sqrtHalf)
            let dvdmu = LogConstants.sqrtHalf / s
            let dvds = (-(mu - y) / (s * s) + l) * LogConstants.sqrtHalf
            return partials(-l - d * dvdmu, l + d * dvdmu, l * l * s + d * dvds, (mu - y) + l * s * s + d * s * LogConstants.sqrtHalf)
        default: return partials(0)
        }
    }
}
