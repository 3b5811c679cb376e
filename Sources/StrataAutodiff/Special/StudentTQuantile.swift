// Stan's student_t_qf(p, nu, mu, sigma): the Student t quantile through the inverse incomplete beta, with partials.
import Glibc

public extension SpecialFunctions {
    /// The standard Student t quantile t with P(T ≤ t) = p for ν degrees of freedom, and its partials (∂p, ∂ν).
    ///
    /// With s = min(p, 1 − p), |t| is read off the incomplete beta in whichever form keeps its digits: in the tails
    /// (2s ≤ 1/2) x = I⁻¹(ν/2, 1/2; 2s) and |t| = √(ν(1 − x)/x); near the median y = I⁻¹(1/2, ν/2; 1 − 2s) and
    /// |t| = √(ν y/(1 − y)). ∂t/∂p = 1/f(t) (f the density); ∂t/∂ν combines ∂|t|/∂ν at fixed x (|t|/2ν) with the
    /// inverse's own partial in its shape argument (the implicit function theorem, `inverseRegularizedBeta`).
    static func studentTQuantile(p: Double, nu: Double) -> (t: Double, dp: Double, dnu: Double) {
        if p <= 0 { return (-.infinity, 0, 0) }
        if p >= 1 { return (.infinity, 0, 0) }
        let s = Swift.min(p, 1 - p), sign: Double = p < 0.5 ? -1 : 1
        var magnitude = 0.0, dMagnitudeDnu = 0.0
        if 2 * s <= 0.5 {
            let r = inverseRegularizedBeta(a: nu / 2, b: 0.5, p: 2 * s), x = r.x
            magnitude = (nu * (1 - x) / x).squareRoot()
            if magnitude > 0 && magnitude.isFinite {
                let dMagnitudeDx = -nu / (2 * x * x * magnitude)
                dMagnitudeDnu = magnitude / (2 * nu) + dMagnitudeDx * r.partials[0] / 2
            }
        } else if s < 0.5 {
            let r = inverseRegularizedBeta(a: 0.5, b: nu / 2, p: 1 - 2 * s), y = r.x
            magnitude = (nu * y / (1 - y)).squareRoot()
            if magnitude > 0 && magnitude.isFinite {
                let dMagnitudeDy = nu / (2 * magnitude * (1 - y) * (1 - y))
                dMagnitudeDnu = magnitude / (2 * nu) + dMagnitudeDy * r.partials[1] / 2
            }
        }
        let t: Double = sign * magnitude
        let normalising: Double = Glibc.lgamma((nu + 1) / 2) - Glibc.lgamma(nu / 2) - 0.5 * Glibc.log(nu * Double.pi)
        let kernel: Double = (nu + 1) / 2 * Glibc.log1p(t * t / nu)
        return (t, Glibc.exp(kernel - normalising), sign * dMagnitudeDnu)
    }
}
