// CDFs through the regularised incomplete beta function: beta and beta_proportion, with partials in every argument
// (the shapes' from the dual-number I_x(a, b)).
import StrataAutodiff
import Glibc

/// A family on [0, 1] whose CDF is I_y(a, b) for shapes a and b that are functions of the arguments.
protocol IncompleteBetaCDF: ScalarCDF {
    /// The shapes at one element, with their partials in every argument (outcome first).
    static func incompleteBetaShapes(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, b: Double, db: FamilyPoint)
}

extension IncompleteBetaCDF {
    /// Stan's CDFs take y in [0, 1], end points included.
    public static var cdfOutcome: Requirement { .closedUnit }

    /// log P(Y ≤ y) = log I_y(a, b) or, when `upper`, log P(Y > y) = log I_{1−y}(b, a), with partials. The upper
    /// tail is its own incomplete beta (the continued fraction runs on whichever side converges), not 1 − I_y(a, b).
    static func logTail(_ x: FamilyPoint, upper: Bool) -> (value: Double, gradient: FamilyPoint) {
        let y = x[0]
        if y <= 0 { return upper ? logOne : logZero }
        if y >= 1 { return upper ? logZero : logOne }
        let (a, da, b, db) = incompleteBetaShapes(x)
        let f = upper ? SpecialFunctions.regularizedBeta(a: b, b: a, x: 1 - y) : SpecialFunctions.regularizedBeta(a: a, b: b, x: y)
        guard f.v > 0 else { return logZero }
        var g = upper ? da * f.d[1] + db * f.d[0] : da * f.d[0] + db * f.d[1]
        g[0] += upper ? -f.d[2] : f.d[2]
        return (log(f.v), g / f.v)
    }

    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { logTail(x, upper: false) }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { logTail(x, upper: true) }
}

/// I_y(α, β).
extension BetaFamily: IncompleteBetaCDF {
    static func incompleteBetaShapes(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, b: Double, db: FamilyPoint) {
        (x[1], partials(0, 1), x[2], partials(0, 0, 1))
    }
}

/// I_y(μκ, (1 − μ)κ).
extension BetaProportionFamily: IncompleteBetaCDF {
    static func incompleteBetaShapes(_ x: FamilyPoint) -> (a: Double, da: FamilyPoint, b: Double, db: FamilyPoint) {
        let mu = x[1], k = x[2]
        return (mu * k, partials(0, k, mu), (1 - mu) * k, partials(0, -k, 1 - mu))
    }
}
