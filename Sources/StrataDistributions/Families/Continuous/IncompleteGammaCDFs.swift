// CDFs through the regularised incomplete gamma function: gamma, inv_gamma, chi_square, inv_chi_square,
// scaled_inv_chi_square, with partials in every argument (the shape's from the dual-number P and Q).
import StrataAutodiff
import Glibc

/// A family whose CDF is P(a, z), the regularised lower incomplete gamma function of a shape a and a point z that
/// grows with y, or Q(a, z) when z falls as y grows (the inverse families). A family says only what a and z are.
protocol IncompleteGammaCDF: ScalarCDF {
    /// The shape a and the point z at one element, with their partials in every argument (outcome first).
    static func incompleteGammaArguments(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, z: Double, dz: FamilyPoint)
    /// True when z falls as y grows, so that P(Y ≤ y) = Q(a, z).
    static var pointFalls: Bool { get }
}

extension IncompleteGammaCDF {
    static var pointFalls: Bool { false }
    /// Stan's CDFs take y ≥ 0 (y = 0 and y = ∞ included), unlike the densities.
    public static var cdfOutcome: Requirement { .nonnegative }

    /// log P(Y ≤ y) or, when `upper`, log P(Y > y), with partials. Each tail is computed as P or Q directly
    /// (the series or the continued fraction), never as one minus the other tail.
    static func logTail(_ x: FamilyPoint, upper: Bool) -> (value: Double, gradient: FamilyPoint) {
        let (a, da, z, dz) = incompleteGammaArguments(x)
        let isQ = upper != pointFalls
        if z <= 0 { return isQ ? logOne : logZero }
        if z == .infinity { return isQ ? logZero : logOne }
        let (p, q) = SpecialFunctions.regularizedGamma(a: a, x: z)
        let f = isQ ? q : p
        guard f.v > 0 else { return logZero }
        return (log(f.v), (da * f.d[0] + dz * f.d[1]) / f.v)
    }

    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { logTail(x, upper: false) }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { logTail(x, upper: true) }
}

/// P(α, βy).
extension GammaFamily: IncompleteGammaCDF {
    static func incompleteGammaArguments(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, z: Double, dz: FamilyPoint) {
        (x[1], partials(0, 1), x[2] * x[0], partials(x[2], 0, x[0]))
    }
}

/// Q(α, β/y).
extension InvGammaFamily: IncompleteGammaCDF {
    static var pointFalls: Bool { true }
    static func incompleteGammaArguments(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, z: Double, dz: FamilyPoint) {
        let y = x[0], b = x[2]
        return (x[1], partials(0, 1), b / y, partials(-b / (y * y), 0, 1 / y))
    }
}

/// P(ν/2, y/2).
extension ChiSquareFamily: IncompleteGammaCDF {
    static func incompleteGammaArguments(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, z: Double, dz: FamilyPoint) {
        (0.5 * x[1], partials(0, 0.5), 0.5 * x[0], partials(0.5))
    }
}

/// Q(ν/2, 1/(2y)).
extension InvChiSquareFamily: IncompleteGammaCDF {
    static var pointFalls: Bool { true }
    static func incompleteGammaArguments(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, z: Double, dz: FamilyPoint) {
        let y = x[0]
        return (0.5 * x[1], partials(0, 0.5), 0.5 / y, partials(-0.5 / (y * y)))
    }
}

/// Q(ν/2, ν s²/(2y)).
extension ScaledInvChiSquareFamily: IncompleteGammaCDF {
    static var pointFalls: Bool { true }
    static func incompleteGammaArguments(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, z: Double, dz: FamilyPoint) {
        let y = x[0], nu = x[1], s = x[2], z = 0.5 * nu * s * s / y
        return (0.5 * nu, partials(0, 0.5), z, partials(-z / y, z / nu, 2 * z / s))
    }
}
