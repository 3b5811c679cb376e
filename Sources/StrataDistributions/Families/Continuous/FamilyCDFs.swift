// The CDFs of the continuous families that have closed forms or a regularised incomplete beta.
import StrataAutodiff
import Glibc

/// log Φ(z) and its derivative, accurate in both tails (through log erfc).
enum StandardNormalCDF {
    static func log(_ z: Double) -> (Double, Double) {
        let v = -z * LogConstants.sqrtHalf
        return (LogErfc.value(v) - M_LN2, -LogErfc.derivative(v) * LogConstants.sqrtHalf)
    }
}

extension NormalFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2], (v, d) = StandardNormalCDF.log(z)
        return (v, locationScalePartials(d, z: z, sigma: x[2]))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2], (v, d) = StandardNormalCDF.log(-z)
        return (v, locationScalePartials(-d, z: z, sigma: x[2]))
    }
}

extension LognormalFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        var p = x; p[0] = Glibc.log(x[0])
        var (v, g) = NormalFamily.logCDF(p); g[0] /= x[0]
        return (v, g)
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        var p = x; p[0] = Glibc.log(x[0])
        var (v, g) = NormalFamily.logCCDF(p); g[0] /= x[0]
        return (v, g)
    }
}

extension StudentTFamily: ScalarCDF {
    /// (log F, partials) or the complement, for t = (y − μ)/σ: the tail beyond |t| is ½ I_x(ν/2, ½), x = ν/(ν + t²),
    /// whose ν-derivative comes from the dual-number incomplete beta (∂/∂a and, through x, ∂/∂x).
    static func tail(_ x: FamilyPoint, upper: Bool) -> (value: Double, gradient: FamilyPoint) {
        let nu = x[1], s = x[3], t = (x[0] - x[2]) / s, r = nu + t * t
        let beta = SpecialFunctions.regularizedBeta(a: 0.5 * nu, b: 0.5, x: nu / r)
        let half = 0.5 * beta.v                                          // P(T beyond |t|)
        let dHalfDnu = 0.5 * (0.5 * beta.d[0] + beta.d[2] * t * t / (r * r))
        let farSide = upper ? t > 0 : t < 0
        let p = farSide ? half : 1 - half
        let logDensity = Glibc.lgamma(0.5 * (nu + 1)) - Glibc.lgamma(0.5 * nu) - 0.5 * Glibc.log(nu * Double.pi)
            - 0.5 * (nu + 1) * Glibc.log1p(t * t / nu)
        let dt = (upper ? -1 : 1) * Glibc.exp(logDensity) / p
        var g = FamilyPoint()
        g[0] = dt / s; g[1] = (farSide ? 1 : -1) * dHalfDnu / p; g[2] = -dt / s; g[3] = -dt * t / s
        return (farSide ? Glibc.log(half) : Glibc.log1p(-half), g)
    }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: false) }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: true) }
}

extension ExponentialFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], b = x[1], e = Glibc.expm1(b * y)
        return (Glibc.log(-Glibc.expm1(-b * y)), partials(b / e, y / e))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { (-x[1] * x[0], partials(-x[1], -x[0])) }
}

extension CauchyFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2], p = Glibc.atan2(1, -z) / Double.pi
        return (Glibc.log(p), locationScalePartials(1 / (Double.pi * (1 + z * z) * p), z: z, sigma: x[2]))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2], p = Glibc.atan2(1, z) / Double.pi
        return (Glibc.log(p), locationScalePartials(-1 / (Double.pi * (1 + z * z) * p), z: z, sigma: x[2]))
    }
}

extension LogisticFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2]
        return (-SpecialFunctions.log1pExp(-z), locationScalePartials(SpecialFunctions.invLogit(-z), z: z, sigma: x[2]))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2]
        return (-SpecialFunctions.log1pExp(z), locationScalePartials(-SpecialFunctions.invLogit(z), z: z, sigma: x[2]))
    }
}

extension GumbelFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2], e = Glibc.exp(-z)
        return (-e, locationScalePartials(e, z: z, sigma: x[2]))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2], e = Glibc.exp(-z)
        return (Glibc.log(-Glibc.expm1(-e)), locationScalePartials(-e / Glibc.expm1(e), z: z, sigma: x[2]))
    }
}

extension DoubleExponentialFamily: ScalarCDF {
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2]
        if z < 0 { return (z - M_LN2, locationScalePartials(1, z: z, sigma: x[2])) }
        let h = 0.5 * Glibc.exp(-z)
        return (Glibc.log1p(-h), locationScalePartials(h / (1 - h), z: z, sigma: x[2]))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let z = (x[0] - x[1]) / x[2]
        if z >= 0 { return (-z - M_LN2, locationScalePartials(-1, z: z, sigma: x[2])) }
        let h = 0.5 * Glibc.exp(z)
        return (Glibc.log1p(-h), locationScalePartials(-h / (1 - h), z: z, sigma: x[2]))
    }
}

extension WeibullFamily: ScalarCDF {
    /// p = (y/σ)^α and its partials.
    static func power(_ x: FamilyPoint) -> (Double, FamilyPoint) {
        let y = x[0], a = x[1], s = x[2], p = Glibc.pow(y / s, a)
        if p == 0 { return (0, partials(0)) }
        return (p, partials(a * p / y, p * Glibc.log(y / s), -a * p / s))
    }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (p, dp) = power(x)
        return (Glibc.log(-Glibc.expm1(-p)), dp * (1 / Glibc.expm1(p)))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (p, dp) = power(x)
        return (-p, -dp)
    }
}

/// Stan's `std_normal` as a one-argument family, for its CDFs (its density is the fused normal kernel's).
public enum StdNormalFamily: ScalarCDF {
    public static let name = "std_normal"
    public static let parameterNames: [String] = []
    public static let arguments: [FamilyArgument] = [.real("random variable", .notNaN)]
    public static let terms = [FamilyTerm(0), FamilyTerm()]
    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { k == 0 ? -0.5 * x[0] * x[0] : -LogConstants.halfLog2Pi }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { partials(k == 0 ? -x[0] : 0) }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (v, d) = StandardNormalCDF.log(x[0])
        return (v, partials(d))
    }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (v, d) = StandardNormalCDF.log(-x[0])
        return (v, partials(-d))
    }
}
