// Closed-form CDFs of pareto, pareto_type_2, rayleigh, frechet, uniform and exp_mod_normal.
import StrataAutodiff
import Glibc

/// log(1 − e^L) and its derivative with respect to L, for L = a log CCDF (or log CDF) ≤ 0.
@inline(__always) func logOneMinusExp(_ l: Double) -> (value: Double, derivative: Double) {
    (SpecialFunctions.log1mExp(l), -1 / expm1(-l))
}

/// A family whose log CCDF is closed form: the log CDF follows as log(1 − CCDF).
protocol ComplementFirstCDF: ScalarCDF {
    /// log P(Y > y) and its partials (nil below the support, where it is 0).
    static func closedLogCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)?
}

extension ComplementFirstCDF {
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { closedLogCCDF(x) ?? logOne }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        guard let (l, dl) = closedLogCCDF(x) else { return logZero }
        let (v, d) = logOneMinusExp(l)
        return (v, dl * d)
    }
}

/// CCDF (y_min / y)^α for y ≥ y_min.
extension ParetoFamily: ComplementFirstCDF {
    static func closedLogCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)? {
        let y = x[0], m = x[1], a = x[2]
        guard y >= m else { return nil }
        return (a * log(m / y), partials(-a / y, a / m, log(m / y)))
    }
}

/// CCDF (1 + (y − μ)/λ)^−α for y ≥ μ.
extension ParetoType2Family: ComplementFirstCDF {
    static func closedLogCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)? {
        let d = x[0] - x[1], l = x[2], a = x[3]
        guard d >= 0 else { return nil }
        let r = a / (l + d), lg = log1p(d / l)
        return (-a * lg, partials(-r, r, r * d / l, -lg))
    }
}

/// CCDF exp(−y²/(2σ²)).
extension RayleighFamily: ComplementFirstCDF {
    static func closedLogCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)? {
        let y = x[0], s = x[1]
        guard y >= 0 else { return nil }
        return (-y * y / (2 * s * s), partials(-y / (s * s), y * y / (s * s * s)))
    }
}

/// CDF exp(−(y/σ)^−α).
extension FrechetFamily: ScalarCDF {
    /// p = (y/σ)^−α and its partials.
    private static func power(_ x: FamilyPoint) -> (Double, FamilyPoint) {
        let y = x[0], a = x[1], s = x[2], p = pow(y / s, -a)
        return (p, partials(-a * p / y, -p * log(y / s), a * p / s))
    }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        guard x[0] > 0 else { return logZero }
        let (p, dp) = power(x)
        return (-p, -dp)
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        guard x[0] > 0 else { return logOne }
        let (p, dp) = power(x)
        return (SpecialFunctions.log1mExp(-p), dp * (1 / expm1(p)))
    }
}

/// CDF (y − α)/(β − α) on [α, β], 0 below and 1 above.
extension UniformFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], a = x[1], b = x[2]
        if y <= a { return logZero }
        if y >= b { return logOne }
        let r = 1 / (y - a), w = 1 / (b - a)
        return (log((y - a) / (b - a)), partials(r, -r + w, -w))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], a = x[1], b = x[2]
        if y >= b { return logZero }
        if y <= a { return logOne }
        let r = 1 / (b - y), w = 1 / (b - a)
        return (log((b - y) / (b - a)), partials(-r, w, r - w))
    }
}

/// CDF Φ(u) − E·Φ(u − λσ), u = (y − μ)/σ, E = exp(−λ(y − μ) + λ²σ²/2). With φ(u) = E·φ(u − λσ), the partials of
/// F are: y: λEΦ(u − λσ) (the density), μ: its negative, σ: λφ(u) − λ²σEΦ(u − λσ), λ: EΦ(u − λσ)((y − μ) − λσ²) + σφ(u).
extension ExpModNormalFamily: ScalarCDF {
    /// log Φ(u), log(E Φ(u − λσ)), and the partials of F (or of 1 − F when `complement`) with respect to (y, μ, σ, λ).
    private static func parts(_ x: FamilyPoint, complement: Bool) -> (logPhi: Double, logTail: Double, dF: FamilyPoint) {
        let y = x[0], mu = x[1], s = x[2], l = x[3], u = (y - mu) / s
        let logPhi = StandardNormalCDF.log(complement ? -u : u).0
        let logTail = -l * (y - mu) + 0.5 * l * l * s * s + StandardNormalCDF.log(u - l * s).0
        let tail = exp(logTail), phi = exp(-0.5 * u * u - LogConstants.halfLog2Pi)
        let sign = complement ? -1.0 : 1.0
        return (logPhi, logTail, partials(l * tail, -l * tail, l * phi - l * l * s * tail, tail * ((y - mu) - l * s * s) + s * phi) * sign)
    }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (logPhi, logTail, dF) = parts(x, complement: false)
        let value = logPhi + SpecialFunctions.log1mExp(Swift.min(logTail - logPhi, 0))
        return (value, dF * exp(-value))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (logPhi, logTail, dF) = parts(x, complement: true)
        let value = SpecialFunctions.logSumExp(logPhi, logTail)
        return (value, dF * exp(-value))
    }
}
