// Regularized incomplete gamma and beta functions with exact partials in every argument (series and continued
// fractions run on dual numbers).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SpecialFunctions {
    /// A floor for the modified Lentz algorithm's denominators.
    @usableFromInline static let lentzFloor = 1e-300
    /// Iterations stop once a step changes the value and every tangent by less than this, relatively (two ulps).
    @usableFromInline static let convergence = 4.5e-16

    /// (P(a, x), Q(a, x)) = (γ(a, x), Γ(a, x)) / Γ(a) for a > 0, x ≥ 0, as duals in (a, x) (tangents 0 and 1):
    /// the power series of P below x = a + 1 and the continued fraction of Q above (Numerical Recipes §6.2's split).
    public static func regularizedGamma(a: Double, x: Double) -> (p: Dual, q: Dual) {
        let da = Dual.variable(a, 0), dx = Dual.variable(x, 1)
        if x == 0 {
            // dP/dx = x^(a-1) e^-x / Γ(a) at x = 0; dP/da = 0.
            let slope = a == 1 ? 1 : (a < 1 ? Double.infinity : 0)
            return (Dual(0, [0, slope, 0, 0]), Dual(1, [0, -slope, 0, 0]))
        }
        let prefix = (da * dx.log - dx - da.lgamma).exp
        if x < a + 1 {
            var ap = da, term = 1 / da, sum = term
            for _ in 0..<100_000 {
                ap = ap + 1
                term = term * dx / ap
                let previous = sum
                sum = sum + term
                if sum.relativeChange(from: previous) < convergence { break }
            }
            let p = prefix * sum
            return (p, 1 - p)
        }
        var b = dx + 1 - da, c = Dual(1 / lentzFloor), d = 1 / b, h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - da)
            b = b + 2
            d = an * d + b
            if Swift.abs(d.v) < lentzFloor { d = Dual(lentzFloor) }
            c = b + an / c
            if Swift.abs(c.v) < lentzFloor { c = Dual(lentzFloor) }
            d = 1 / d
            let previous = h
            h = h * d * c
            if h.relativeChange(from: previous) < convergence { break }
        }
        let q = prefix * h
        return (1 - q, q)
    }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1, as a dual in (a, b, x)
    /// (tangents 0, 1, 2): the continued fraction in x below (a + 1) / (a + b + 2), and 1 − I_{1−x}(b, a) above.
    public static func regularizedBeta(a: Double, b: Double, x: Double) -> Dual {
        let da = Dual.variable(a, 0), db = Dual.variable(b, 1), dx = Dual.variable(x, 2)
        if x <= 0 || x >= 1 {
            // The density x^(a-1) (1-x)^(b-1) / B(a, b) at an end point.
            let exponent = x <= 0 ? a : b
            let slope = exponent == 1 ? Glibc.exp(-lbeta(a, b)) : (exponent < 1 ? Double.infinity : 0)
            return Dual(x <= 0 ? 0 : 1, [0, 0, slope, 0])
        }
        if x < (a + 1) / (a + b + 2) { return betaTail(da, db, dx) }
        return 1 - betaTail(db, da, 1 - dx)
    }

    /// log B(a, b).
    public static func lbeta(_ a: Double, _ b: Double) -> Double { Glibc.lgamma(a) + Glibc.lgamma(b) - Glibc.lgamma(a + b) }

    /// x^a (1 - x)^b / (a B(a, b)) times the continued fraction of I_x(a, b) (Numerical Recipes' betacf).
    static func betaTail(_ a: Dual, _ b: Dual, _ x: Dual) -> Dual {
        let front = ((a + b).lgamma - a.lgamma - b.lgamma + a * x.log + b * (-x).log1p).exp / a
        let qab = a + b, qap = a + 1, qam = a - 1
        func floor(_ z: Dual) -> Dual { Swift.abs(z.v) < lentzFloor ? Dual(lentzFloor) : z }
        var c = Dual(1), d = 1 / floor(1 - qab * x / qap), h = d
        for m in 1..<100_000 {
            let fm = Double(m), m2 = 2 * fm
            var aa = fm * (b - fm) * x / ((qam + m2) * (a + m2))
            d = 1 / floor(1 + aa * d)
            c = floor(1 + aa / c)
            h = h * d * c
            aa = -((a + fm) * (qab + fm) * x) / ((a + m2) * (qap + m2))
            d = 1 / floor(1 + aa * d)
            c = floor(1 + aa / c)
            let previous = h
            h = h * d * c
            if h.relativeChange(from: previous) < convergence { break }
        }
        return front * h
    }
}
