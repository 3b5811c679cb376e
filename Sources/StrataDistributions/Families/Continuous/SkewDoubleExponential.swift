// Stan's skew double exponential (asymmetric Laplace) and log-logistic families, with their CDFs.
import StrataAutodiff
import Glibc

/// Stan's `skew_double_exponential_lpdf(y | μ, σ, τ)`:
/// log 2 + log τ + log(1 − τ) − log σ − (2/σ)·((1 − τ)(μ − y) if y < μ, else τ(y − μ)).
public enum SkewDoubleExponentialFamily: ScalarCDF {
    public static let name = "skew_double_exponential"
    public static let parameterNames = ["mu", "sigma", "tau"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .finite), .real("location", .finite),
                                                     .real("scale", .positiveFinite), .real("skewness", .openUnit)]
    public static let terms = [FamilyTerm(3), FamilyTerm(2), FamilyTerm(0, 1, 2, 3), FamilyTerm()]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], mu = x[1], s = x[2], tau = x[3]
        switch k {
        case 0: return log(tau) + log1p(-tau)
        case 1: return -log(s)
        case 2: return y < mu ? -2 * (1 - tau) * (mu - y) / s : -2 * tau * (y - mu) / s
        default: return M_LN2
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], mu = x[1], s = x[2], tau = x[3]
        switch k {
        case 0: return partials(0, 0, 0, 1 / tau - 1 / (1 - tau))
        case 1: return partials(0, 0, -1 / s)
        case 2:
            if y < mu {
                let r = 2 * (1 - tau) / s
                return partials(r, -r, r * (mu - y) / s, 2 * (mu - y) / s)
            }
            let r = 2 * tau / s
            return partials(-r, r, r * (y - mu) / s, -2 * (y - mu) / s)
        default: return partials(0)
        }
    }

    /// Below μ the CDF is τ·exp(−2(1 − τ)(μ − y)/σ); above, 1 − (1 − τ)·exp(−2τ(y − μ)/σ).
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], mu = x[1], s = x[2], tau = x[3]
        if y < mu {
            let r = 2 * (1 - tau) / s
            return (log(tau) - r * (mu - y), partials(r, -r, r * (mu - y) / s, 1 / tau + 2 * (mu - y) / s))
        }
        return logOneMinus(tail: 1 - tau, rate: 2 * tau / s, distance: y - mu, s: s, dTail: -1, sign: 1)
    }

    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], mu = x[1], s = x[2], tau = x[3]
        if y < mu {
            return logOneMinus(tail: tau, rate: 2 * (1 - tau) / s, distance: mu - y, s: s, dTail: 1, sign: -1)
        }
        let r = 2 * tau / s
        return (log1p(-tau) - r * (y - mu), partials(-r, r, r * (y - mu) / s, -1 / (1 - tau) - 2 * (y - mu) / s))
    }

    /// log(1 − q), q = tail·exp(−rate·distance), distance = sign·(y − μ) ≥ 0, rate = 2c/σ where c is τ or 1 − τ
    /// (the factor of the other side); `dTail` = d tail/dτ. Partials with respect to (y, μ, σ, τ).
    private static func logOneMinus(tail: Double, rate: Double, distance: Double, s: Double, dTail: Double,
                                    sign: Double) -> (value: Double, gradient: FamilyPoint) {
        let e = exp(-rate * distance), q = tail * e
        let scale = -1 / (1 - q)                              // d log(1 − q)/dq
        let dy = q * -rate * sign, dmu = -dy, ds = q * rate * distance / s
        // rate = 2τ/σ (upper side, sign = 1) or 2(1 − τ)/σ (lower side, sign = −1): d rate/dτ = 2·sign/σ.
        let dtau = dTail * e + q * -(2 * sign / s) * distance
        return (log1p(-q), partials(scale * dy, scale * dmu, scale * ds, scale * dtau))
    }
}

/// Stan's `loglogistic_lpdf(y | α, β)` (scale α, shape β): log β − β log α + (β − 1) log y − 2 log1p((y/α)^β).
public enum LoglogisticFamily: ScalarCDF {
    public static let name = "loglogistic"
    public static let parameterNames = ["alpha", "beta"]
    public static let arguments: [FamilyArgument] = [.real("random variable", .positiveFinite), .real("scale", .positiveFinite),
                                                     .real("shape", .positiveFinite)]
    public static let terms = [FamilyTerm(2), FamilyTerm(1, 2), FamilyTerm(0, 2), FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        let y = x[0], a = x[1], b = x[2]
        switch k {
        case 0: return log(b)
        case 1: return -b * log(a)
        case 2: return (b - 1) * log(y)
        default: return -2 * SpecialFunctions.log1pExp(b * log(y / a))
        }
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let y = x[0], a = x[1], b = x[2]
        switch k {
        case 0: return partials(0, 0, 1 / b)
        case 1: return partials(0, -b / a, -log(a))
        case 2: return partials((b - 1) / y, 0, log(y))
        default:
            let l = log(y / a), p = SpecialFunctions.invLogit(b * l)
            return partials(-2 * p * b / y, 2 * p * b / a, -2 * p * l)
        }
    }

    /// The CDF is invLogit(β log(y/α)).
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], a = x[1], b = x[2], l = log(y / a)
        let d = SpecialFunctions.invLogit(-b * l)             // d log invLogit(z)/dz at z = β l
        return (SpecialFunctions.logInvLogit(b * l), partials(d * b / y, -d * b / a, d * l))
    }

    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], a = x[1], b = x[2], l = log(y / a)
        let d = -SpecialFunctions.invLogit(b * l)
        return (SpecialFunctions.logInvLogit(-b * l), partials(d * b / y, -d * b / a, d * l))
    }
}
