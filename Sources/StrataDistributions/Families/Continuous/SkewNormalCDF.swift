// The skew normal's CDFs: Φ(z) − 2T(z, α) where it has no cancellation, a quadrature of the density's tail where it does.
import StrataAutodiff
import Glibc

/// F(z; α) = Φ(z) − 2T(z, α) = 2∫_{−∞}^z φ(t)Φ(αt) dt, z = (y − ξ)/ω, and P(Y > y) = F(−z; −α).
/// dF/dz = 2φ(z)Φ(αz) and dF/dα = −2 ∂T/∂a = −e^(−z²(1+α²)/2) / (π(1+α²)).
extension SkewNormalFamily: ScalarCDF {
    /// log F(z; α). For z < 0 < α, Φ(z) and 2T(z, α) nearly cancel (at z = −3.4, α = 2.5 F is 10⁻²¹ while both are
    /// 4·10⁻⁴), so F is integrated instead: the integrand is log-concave with its maximum at t = z, so on
    /// u = (z − t)·r, r = |g'(z)| + √(1 + α²), it falls at least like e^(−u) and the pieces [0, 1], [1, 2], [2, 4], …, [32, 64]
    /// each see a smooth function (20-point Gauss–Legendre on each).
    static func logLowerTail(_ z: Double, _ a: Double) -> Double {
        guard z < 0 && a > 0 else {
            let f = 0.5 * erfc(-z * LogConstants.sqrtHalf) - 2 * SpecialFunctions.owensT(z, a)
            return f > 0 ? log(f) : -.infinity
        }
        func g(_ t: Double) -> Double { -0.5 * t * t + StandardNormalCDF.log(a * t).0 }
        let g0 = g(z)
        guard g0 > -.infinity else { return -.infinity }
        let r = -z + a * StandardNormalCDF.log(a * z).1 + (1 + a * a).squareRoot()
        var sum = 0.0, lower = 0.0
        for upper in [1.0, 2, 4, 8, 16, 32, 64] {
            let half = 0.5 * (upper - lower), mid = lower + half
            for (node, weight) in SpecialFunctions.gaussLegendre20 {
                sum += weight * half * exp(g(z - (mid + half * node) / r) - g0)
            }
            lower = upper
        }
        return M_LN2 - LogConstants.halfLog2Pi + g0 - log(r) + log(sum)
    }

    /// log P(Y ≤ y) or, when `upper`, log P(Y > y) = log F(−z; −α), with partials.
    static func tail(_ x: FamilyPoint, upper: Bool) -> (value: Double, gradient: FamilyPoint) {
        let w = x[2], s: Double = upper ? -1 : 1, z = s * (x[0] - x[1]) / w, a = s * x[3]
        let logF = logLowerTail(z, a)
        guard logF > -.infinity else { return (-.infinity, FamilyPoint()) }
        let dz = exp(M_LN2 - 0.5 * z * z - LogConstants.halfLog2Pi + StandardNormalCDF.log(a * z).0 - logF)
        let da = -exp(-0.5 * z * z * (1 + a * a) - logF) / (Double.pi * (1 + a * a))
        var g = locationScalePartials(s * dz, z: s * z, sigma: w)
        g[3] = s * da
        return (logF, g)
    }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: false) }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: true) }
}
