// The von Mises CDFs on [−π, π]: the density integrated by Gauss–Legendre, with partials in y, μ and κ.
import StrataAutodiff
import Glibc

/// F(y) = ∫_{−π}^{y} p(t − μ) dt for y ∈ [−π, π] (Stan's convention), p the density centred at 0, which is periodic: the
/// integral runs over [−π − μ, y − μ] (and the upper tail over [y − μ, π − μ]) without reducing μ. Partials:
/// dF/dy = p(y − μ), dF/dμ = p(−π − μ) − p(y − μ), dF/dκ = ∫ p(s)(cos s − I₁(κ)/I₀(κ)) ds over the same interval.
extension VonMisesFamily: ScalarCDF {
    public static var cdfOutcome: Requirement { .angle }

    /// ∫_a^b p(s) ds and ∫_a^b p(s)(cos s − A) ds, by 20-point Gauss–Legendre on pieces no wider than the density's
    /// width 1/√κ (and than 1).
    static func integral(_ a: Double, _ b: Double, kappa: Double) -> (mass: Double, kappaSlope: Double) {
        let (logI0, ratio) = logBesselI0(kappa)
        let pieces = Swift.min(4000, Swift.max(1, Int(((b - a) * Swift.max(kappa, 1).squareRoot()).rounded(.up))))
        let width = (b - a) / Double(pieces)
        var mass = 0.0, slope = 0.0
        for piece in 0..<pieces {
            let mid = a + width * (Double(piece) + 0.5)
            for (node, weight) in SpecialFunctions.gaussLegendre20 {
                let s = mid + 0.5 * width * node, c = cos(s)
                let p = weight * exp(kappa * c - logI0 - 2 * LogConstants.halfLog2Pi)
                mass += p
                slope += p * (c - ratio)
            }
        }
        return (mass * 0.5 * width, slope * 0.5 * width)
    }

    /// The density centred at 0.
    static func centredDensity(_ s: Double, kappa: Double) -> Double {
        exp(kappa * cos(s) - logBesselI0(kappa).value - 2 * LogConstants.halfLog2Pi)
    }

    static func tail(_ x: FamilyPoint, upper: Bool) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0], mu = x[1], kappa = x[2]
        let (a, b) = upper ? (y - mu, Double.pi - mu) : (-Double.pi - mu, y - mu)
        if b <= a { return logZero }
        let (mass, slope) = integral(a, b, kappa: kappa)
        guard mass > 0 else { return logZero }
        let atY = centredDensity(y - mu, kappa: kappa), atEnd = centredDensity(upper ? Double.pi - mu : -Double.pi - mu, kappa: kappa)
        let dy = upper ? -atY : atY, dmu = upper ? atY - atEnd : atEnd - atY
        return (Swift.min(log(mass), 0), partials(dy, dmu, slope) * (1 / mass))
    }

    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: false) }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: true) }
}
