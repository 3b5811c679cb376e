// The normal distribution as a ScalarFamily description (its CDFs; the density itself runs the fused kernel in Normal.swift).
import Glibc

/// Stan's `normal_lpdf(y | μ, σ)`: −½((y − μ)/σ)² − log σ − ½ log 2π.
public enum NormalFamily: ScalarFamily {
    public static let name = "normal"
    public static let parameterNames = ["mu", "sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .notNaN), .real("location", .finite), .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: let z = (x[0] - x[1]) / x[2]; return -0.5 * z * z
        case 1: return -log(x[2])
        default: return -LogConstants.halfLog2Pi
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let s = x[2]
        switch k {
        case 0: let z = (x[0] - x[1]) / s; return locationScalePartials(-z, z: z, sigma: s)
        case 1: return partials(0, 0, -1 / s)
        default: return partials(0)
        }
    }
}
