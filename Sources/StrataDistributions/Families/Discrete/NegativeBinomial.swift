// The negative binomial distributions (shape/inverse-scale, mean/precision, log-mean/precision): terms, partials, constraints.
import StrataAutodiff
import Glibc

/// Stan's `neg_binomial_lpmf(n | α, β)`: lgamma(n+α) − lgamma(n+1) − lgamma(α) + α log β − (α+n) log1p(β).
public enum NegBinomialFamily: ScalarFamily {
    public static let name = "neg_binomial"
    public static let parameterNames = ["alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.integer("outcome"), .real("shape", .positiveFinite), .real("inverse scale", .positiveFinite)]
    public static let terms = [FamilyTerm(0, 1), FamilyTerm(0), FamilyTerm(1, 2), FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let n = x[0], a = x[1], b = x[2]
        switch k {
        case 0: return lgamma(n + a) - lgamma(a)
        case 1: return -lgamma(n + 1)
        case 2: return a * log(b)
        default: return -(a + n) * log1p(b)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let n = x[0], a = x[1], b = x[2]
        switch k {
        case 0: return partials(0, SpecialFunctions.digamma(n + a) - SpecialFunctions.digamma(a))
        case 1: return partials(0)
        case 2: return partials(0, log(b), a / b)
        default: return partials(0, -log1p(b), -(a + n) / (1 + b))
        }
    }
}

/// Stan's `neg_binomial_2_lpmf(n | μ, φ)`: lgamma(n+φ) − lgamma(n+1) − lgamma(φ) + n log μ + φ log φ − (n+φ) log(μ+φ).
public enum NegBinomial2Family: ScalarFamily {
    public static let name = "neg_binomial_2"
    public static let parameterNames = ["mu", "phi"]
    public static let arguments: [FamilyArgument] = [.integer("outcome"), .real("location", .positiveFinite), .real("precision", .positiveFinite)]
    /// lgamma(n+φ) − lgamma(φ); −lgamma(n+1); n log μ (weighted by n); φ log φ; −(n+φ) log(μ+φ).
    public static let terms = [FamilyTerm(0, 2), FamilyTerm(0), FamilyTerm(0, 1, weightedBy: [0]), FamilyTerm(2), FamilyTerm(0, 1, 2)]

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { k == 2 ? x[0] : 1 }

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let n = x[0], mu = x[1], phi = x[2]
        switch k {
        case 0: return lgamma(n + phi) - lgamma(phi)
        case 1: return -lgamma(n + 1)
        case 2: return log(mu)
        case 3: return phi * log(phi)
        default: return -(n + phi) * log(mu + phi)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let n = x[0], mu = x[1], phi = x[2]
        switch k {
        case 0: return partials(0, 0, SpecialFunctions.digamma(n + phi) - SpecialFunctions.digamma(phi))
        case 1: return partials(0)
        case 2: return partials(0, 1 / mu)
        case 3: return partials(0, 0, log(phi) + 1)
        default:
            let r = (n + phi) / (mu + phi)
            return partials(0, -r, -log(mu + phi) - r)
        }
    }
}

/// Stan's `neg_binomial_2_log_lpmf(n | η, φ)`: `neg_binomial_2` at μ = exp(η), computed on the log scale.
public enum NegBinomial2LogFamily: ScalarFamily {
    public static let name = "neg_binomial_2_log"
    public static let parameterNames = ["eta", "phi"]
    public static let arguments: [FamilyArgument] = [.integer("outcome"), .real("log location", .finite), .real("precision", .positiveFinite)]
    public static let terms = NegBinomial2Family.terms

    public static func weight(_ k: Int, _ x: FamilyPoint) -> Double { k == 2 ? x[0] : 1 }

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        switch k {
        case 2: return x[1]
        case 4: return -(x[0] + x[2]) * SpecialFunctions.logSumExp(x[1], log(x[2]))
        default: return NegBinomial2Family.term(k, x)
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let n = x[0], eta = x[1], phi = x[2]
        switch k {
        case 2: return partials(0, 1)
        case 4:
            let logSum = SpecialFunctions.logSumExp(eta, log(phi))
            return partials(0, -(n + phi) * SpecialFunctions.invLogit(eta - log(phi)), -logSum - (n + phi) * exp(-logSum))
        default: return NegBinomial2Family.termGradient(k, x)
        }
    }
}

/// Stan's `beta_binomial_lpmf(n | N, α, β)`: log C(N, n) + lbeta(n+α, N−n+β) − lbeta(α, β).
public enum BetaBinomialFamily: ScalarFamily {
    public static let name = "beta_binomial"
    public static let parameterNames = ["N", "alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.integer("successes"), .integer("population size"),
                                                     .real("first prior sample size", .positiveFinite), .real("second prior sample size", .positiveFinite)]
    public static let relations = BinomialFamily.relations
    public static let terms = [FamilyTerm(0, 1), FamilyTerm(0, 1, 2, 3)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let n = x[0], bigN = x[1], a = x[2], b = x[3]
        if k == 0 { return logChoose(bigN, n) }
        return lgamma(n + a) + lgamma(bigN - n + b) - lgamma(bigN + a + b) - lgamma(a) - lgamma(b) + lgamma(a + b)
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        if k == 0 { return partials(0) }
        let n = x[0], bigN = x[1], a = x[2], b = x[3]
        let common = SpecialFunctions.digamma(a + b) - SpecialFunctions.digamma(bigN + a + b)
        return partials(0, 0, common + SpecialFunctions.digamma(n + a) - SpecialFunctions.digamma(a),
                        common + SpecialFunctions.digamma(bigN - n + b) - SpecialFunctions.digamma(b))
    }
}
