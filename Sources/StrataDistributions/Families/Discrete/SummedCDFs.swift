// CDFs of discrete families with light tails, as sums of their mass functions (poisson, binomial, negative binomials, ...).
import StrataAutodiff
import Glibc

/// A discrete family whose log CDF and log CCDF are log-sum-exps of its log mass over the outcomes below or above y.
/// The mass is the family's own terms (``ScalarFamily/term(_:_:)`` times ``ScalarFamily/weight(_:_:)``), so the CDF
/// agrees with the `_lpmf`. An unbounded sum stops once a term is past the mode and e⁻⁴⁰ below the running total
/// (the families here have geometric or faster tails, so what is left is smaller still).
protocol SummedCDF: ScalarCDF {
    /// The largest outcome with positive mass at `x`, or nil when the support is unbounded above (it starts at 0).
    static func highest(_ x: FamilyPoint) -> Double?
}

extension SummedCDF {
    static func highest(_ x: FamilyPoint) -> Double? { nil }

    /// log p(x[0] | x[1...]) and its partials with respect to the real arguments.
    static func logMass(_ x: FamilyPoint) -> (Double, FamilyPoint) {
        var value = 0.0, gradient = FamilyPoint()
        for j in terms.indices {
            let w = terms[j].weightReads.isEmpty ? 1 : weight(j, x)
            if w == 0 { continue }                                  // 0 · log 0 = 0
            value += w * term(j, x)
            gradient += w * termGradient(j, x)
        }
        gradient[0] = 0
        return (value, gradient)
    }

    /// log Σ p(k) over k = first … last (unbounded when nil), and its partials.
    static func logSum(_ x: FamilyPoint, from first: Double, to last: Double?) -> (value: Double, gradient: FamilyPoint) {
        var top = -Double.infinity, total = 0.0, weighted = FamilyPoint(), previous = -Double.infinity
        var k = first, point = x
        while last.map({ k <= $0 }) ?? true {
            point[0] = k
            let (lp, g) = logMass(point)
            if lp == -.infinity { k += 1; continue }                // no mass here (θ = 0 or 1)
            if lp > top {
                let r = top == -.infinity ? 0 : exp(top - lp)
                total *= r; weighted *= r; top = lp
            }
            let e = exp(lp - top)
            total += e; weighted += e * g
            if lp < previous && lp < top - 40 { break }
            previous = lp
            k += 1
        }
        guard total > 0 else { return (-.infinity, FamilyPoint()) }
        return (top + log(total), weighted / total)
    }

    public static func logCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let n = x[0].rounded(.down)
        if n < 0 { return (-.infinity, FamilyPoint()) }
        if let hi = highest(x), n >= hi { return (0, FamilyPoint()) }
        return logSum(x, from: 0, to: n)
    }

    public static func logCCDF(_ x: FamilyPoint) -> (value: Double, gradient: FamilyPoint) {
        let n = x[0].rounded(.down)
        if n < 0 { return (0, FamilyPoint()) }
        if let hi = highest(x), n >= hi { return (-.infinity, FamilyPoint()) }
        return logSum(x, from: n + 1, to: highest(x))
    }
}

extension PoissonFamily: SummedCDF {}
extension NegBinomialFamily: SummedCDF {}
extension NegBinomial2Family: SummedCDF {}
extension BernoulliFamily: SummedCDF {
    static func highest(_ x: FamilyPoint) -> Double? { 1 }
}
extension BinomialFamily: SummedCDF {
    static func highest(_ x: FamilyPoint) -> Double? { x[1] }
}
extension BetaBinomialFamily: SummedCDF {
    static func highest(_ x: FamilyPoint) -> Double? { x[1] }
}
