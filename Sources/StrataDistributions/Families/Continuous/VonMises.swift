// The von Mises distribution on the circle: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `von_mises_lpdf(y | μ, κ)`: κ cos(μ − y) − log 2π − log I₀(κ).
public enum VonMisesFamily: ScalarFamily {
    public static let name = "von_mises"
    public static let parameterNames = ["mu", "kappa"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .finite), .real("location", .finite),
                                                     .real("scale", .nonnegativeFinite)]
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2), FamilyTerm()]

    /// log I₀(κ) and its derivative I₁(κ)/I₀(κ) (0 and 0 at κ = 0).
    static func logBesselI0(_ kappa: Double) -> (value: Double, derivative: Double) {
        guard kappa > 0 else { return (0, 0) }
        let d = SpecialFunctions.logBesselI(0, kappa)
        return (d.v, d.d[1])
    }

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: return x[2] * cos(x[1] - x[0])
        case 1: return -logBesselI0(x[2]).value
        default: return -LogConstants.halfLog2Pi * 2
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        switch k {
        case 0:
            let s = x[2] * sin(x[1] - x[0])
            return partials(s, -s, cos(x[1] - x[0]))
        case 1: return partials(0, 0, -logBesselI0(x[2]).derivative)
        default: return partials(0)
        }
    }
}
