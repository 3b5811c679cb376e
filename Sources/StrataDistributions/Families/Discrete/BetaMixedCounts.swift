// Count families with a beta-distributed success probability: Yule-Simon and the beta negative binomial.
import StrataAutodiff
import Glibc

/// Stan's `yule_simon_lpmf(n | ρ)` for n ≥ 1: log ρ + lbeta(n, ρ + 1).
public enum YuleSimonFamily: ScalarFamily {
    public static let name = "yule_simon"
    public static let parameterNames = ["alpha"]
    public static let arguments: [FamilyArgument] = [.integer("outcome", minimum: 1), .real("shape", .positiveFinite)]
    public static let terms = [FamilyTerm(1), FamilyTerm(0), FamilyTerm(0, 1)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let n = x[0], r = x[1]
        switch k {
        case 0: return log(r) + lgamma(r + 1)
        case 1: return lgamma(n)
        default: return -lgamma(n + r + 1)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let n = x[0], r = x[1]
        switch k {
        case 0: return partials(0, 1 / r + SpecialFunctions.digamma(r + 1))
        case 1: return partials(0)
        default: return partials(0, -SpecialFunctions.digamma(n + r + 1))
        }
    }
}

/// Stan's `beta_neg_binomial_lpmf(n | r, α, β)`: lgamma(n + r) − lgamma(n + 1) − lgamma(r)
/// + lbeta(r + α, n + β) − lbeta(α, β).
public enum BetaNegBinomialFamily: ScalarFamily {
    public static let name = "beta_neg_binomial"
    public static let parameterNames = ["r", "alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.integer("outcome"), .real("number of successes", .positiveFinite),
                                                     .real("prior success", .positiveFinite), .real("prior failure", .positiveFinite)]
    public static let terms = [FamilyTerm(0), FamilyTerm(0, 1), FamilyTerm(2, 3), FamilyTerm(0, 1, 2, 3)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let n = x[0], r = x[1], a = x[2], b = x[3]
        switch k {
        case 0: return -lgamma(n + 1)
        case 1: return lgamma(n + r) - lgamma(r)
        case 2: return lgamma(a + b) - lgamma(a) - lgamma(b)
        default: return lgamma(r + a) + lgamma(n + b) - lgamma(r + a + n + b)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let n = x[0], r = x[1], a = x[2], b = x[3]
        let psi = SpecialFunctions.digamma
        switch k {
        case 0: return partials(0)
        case 1: return partials(0, psi(n + r) - psi(r))
        case 2: return partials(0, 0, psi(a + b) - psi(a), psi(a + b) - psi(b))
        default:
            let all = psi(r + a + n + b), ra = psi(r + a) - all
            return partials(0, ra, ra, psi(n + b) - all)
        }
    }
}
