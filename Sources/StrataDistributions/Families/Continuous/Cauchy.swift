// The Cauchy distribution: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `cauchy_lpdf(y | μ, σ)`: −log π − log σ − log1p(((y−μ)/σ)²).
public enum CauchyFamily: ScalarFamily {
    public static let name = "cauchy"
    public static let parameterNames = ["mu", "sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .notNaN), .real("location", .finite), .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1, 2), FamilyTerm(2), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 0: let z = (x[0] - x[1]) / x[2]; return -log1p(z * z)
        case 1: return -log(x[2])
        default: return -LogConstants.logPi
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let s = x[2]
        switch k {
        case 0:
            let d = x[0] - x[1], denom = s * s + d * d
            return partials(-2 * d / denom, 2 * d / denom, 2 * d * d / (s * denom))
        case 1: return partials(0, 0, -1 / s)
        default: return partials(0)
        }
    }
}

public extension Graph {
    /// Σ log Cauchy(y | μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func cauchyLpdf(_ y: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(CauchyFamily.self, [y, mu, sigma], propto: propto)
    }
}
