// The lognormal distribution: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `lognormal_lpdf(y | μ, σ)`: −½((log y − μ)/σ)² − log σ − log y − ½ log 2π.
public enum LognormalFamily: ScalarFamily {
    public static let name = "lognormal"
    public static let parameterNames = ["mu", "sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("location", .finite),
                                                     .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2), FamilyTerm(0), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: let z = (log(x[0]) - x[1]) / x[2]; return -0.5 * z * z
        case 1: return -log(x[2])
        case 2: return -log(x[0])
        default: return -LogConstants.halfLog2Pi
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        switch k {
        case 0:
            let inv = 1 / x[2], z = (log(x[0]) - x[1]) * inv
            return partials(-z * inv / x[0], z * inv, z * z * inv)
        case 1: return partials(0, 0, -1 / x[2])
        case 2: return partials(-1 / x[0])
        default: return partials(0)
        }
    }
}

public extension Graph {
    /// Σ log LogNormal(y | μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func lognormalLpdf(_ y: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(LognormalFamily.self, [y, mu, sigma], propto: propto)
    }
}
