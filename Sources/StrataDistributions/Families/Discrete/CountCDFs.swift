// CDFs of the count families with heavy tails or closed forms: yule_simon, beta_neg_binomial and discrete_range.
import StrataAutodiff
import Glibc

/// P(Y > n) = n B(n, ρ + 1) = Γ(n + 1) Γ(ρ + 1) / Γ(n + ρ + 1) for n = ⌊y⌋ ≥ 1 (1 below).
extension YuleSimonFamily: ComplementFirstCDF {
    static func closedLogCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint)? {
        let n = x[0].rounded(.down), r = x[1]
        guard n >= 1 else { return nil }
        let psi = SpecialFunctions.digamma
        return (lgamma(n + 1) + lgamma(r + 1) - lgamma(n + r + 1), partials(0, psi(r + 1) - psi(n + r + 1)))
    }
}

/// The CDF sums the mass up to n; the upper tail, which falls only as a power of n, is log(1 − CDF).
extension BetaNegBinomialFamily: SummedCDF {
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let (l, dl) = logCDF(x)
        let (v, d) = logOneMinusExp(l)
        return (v, dl * d)
    }
}

/// Stan's `discrete_range_lpmf(y | lower, upper)`: uniform on the integers lower … upper, −log(upper − lower + 1).
public enum DiscreteRangeFamily: ScalarFamily {
    public static let name = "discrete_range"
    public static let parameterNames = ["lower", "upper"]
    public static let arguments: [FamilyArgument] = [.integer("outcome", minimum: -9.0e15), .integer("lower", minimum: -9.0e15),
                                                     .integer("upper", minimum: -9.0e15)]
    public static let relations = [FamilyRelation([1, 2]) { x in
        x[2] >= x[1] ? nil : (2, "greater than or equal to lower (\(x[1]))")
    }]
    public static let terms = [FamilyTerm(0, 1, 2)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        x[0] < x[1] || x[0] > x[2] ? -.infinity : -log(x[2] - x[1] + 1)
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { FamilyPoint() }
}

/// (⌊y⌋ − lower + 1) / (upper − lower + 1) on the range.
extension DiscreteRangeFamily: ScalarCDF {
    static func tail(_ x: FamilyPoint, upper: Bool) -> (value: Double, gradient: FamilyPoint) {
        let n = x[0].rounded(.down), lo = x[1], hi = x[2]
        if n < lo { return upper ? logOne : logZero }
        if n >= hi { return upper ? logZero : logOne }
        return (log((upper ? hi - n : n - lo + 1) / (hi - lo + 1)), FamilyPoint())
    }
    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: false) }
    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) { tail(x, upper: true) }
}
