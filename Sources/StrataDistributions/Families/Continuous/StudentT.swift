// Student's t distribution: log density terms, partials and argument constraints.
import StrataAutodiff
import Glibc

/// Stan's `student_t_lpdf(y | ν, μ, σ)`: lgamma((ν+1)/2) − lgamma(ν/2) − ½ log ν − ½ log π − log σ
/// − (ν+1)/2 · log1p(((y−μ)/σ)²/ν).
public enum StudentTFamily: ScalarFamily {
    public static let name = "student_t"
    public static let parameterNames = ["nu", "mu", "sigma"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .notNaN), .real("degrees of freedom", .positiveFinite),
                                                     .real("location", .finite), .real("scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1, 2, 3), FamilyTerm(1), FamilyTerm(3), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let nu = x[1]
        switch k {
        case 0: let z = (x[0] - x[2]) / x[3]; return -0.5 * (nu + 1) * log1p(z * z / nu)
        case 1: return lgamma(0.5 * (nu + 1)) - lgamma(0.5 * nu) - 0.5 * log(nu)
        case 2: return -log(x[3])
        default: return -LogConstants.halfLogPi
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let nu = x[1], s = x[3]
        switch k {
        case 0:
            let d = x[0] - x[2], r = d * d / (nu * s * s), onePlusR = 1 + r
            let dy = -(nu + 1) * d / (nu * s * s * onePlusR)
            return partials(dy, -0.5 * log1p(r) + 0.5 * (nu + 1) * r / (nu * onePlusR), -dy, (nu + 1) * r / onePlusR / s)
        case 1:
            return partials(0, 0.5 * (SpecialFunctions.digamma(0.5 * (nu + 1)) - SpecialFunctions.digamma(0.5 * nu)) - 0.5 / nu)
        case 2: return partials(0, 0, 0, -1 / s)
        default: return partials(0)
        }
    }
}

public extension Graph {
    /// Σ log StudentT(y | ν, μ, σ); with `propto` drops terms constant in the parameters (as `~` does).
    func studentTLpdf(_ y: Expr, _ nu: Expr, _ mu: Expr, _ sigma: Expr, propto: Bool = false) -> Expr {
        scalarFamilyLogDensity(StudentTFamily.self, [y, nu, mu, sigma], propto: propto)
    }
}
