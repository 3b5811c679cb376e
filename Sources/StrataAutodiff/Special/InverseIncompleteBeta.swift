// Stan's inv_inc_beta: the inverse of the regularized incomplete beta function in x, with partials in a, b and p.
import Glibc

public extension SpecialFunctions {
    /// The x in [0, 1] with I_x(a, b) = p, by bisection to a narrow bracket and Newton steps kept inside it, and its
    /// partials by the implicit function theorem: ∂x/∂p = 1/∂I/∂x, ∂x/∂a = −(∂I/∂a)/(∂I/∂x), likewise for b
    /// (zero at p = 0 and p = 1, where x sits at an end of the support).
    static func inverseRegularizedBeta(a: Double, b: Double, p: Double) -> (x: Double, partials: SIMD4<Double>) {
        if p <= 0 { return (0, .zero) }
        if p >= 1 { return (1, .zero) }
        var lo = 0.0, hi = 1.0, x = 0.5
        for _ in 0..<40 {
            x = 0.5 * (lo + hi)
            if regularizedBeta(a: a, b: b, x: x).v < p { lo = x } else { hi = x }
        }
        for _ in 0..<20 {
            let d = regularizedBeta(a: a, b: b, x: x), f = d.v - p, slope = d.d[2]
            if f < 0 { lo = x } else { hi = x }
            var next = slope > 0 ? x - f / slope : 0.5 * (lo + hi)
            if !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
            if abs(next - x) <= 4 * Double.ulpOfOne * x || hi - lo <= 4 * Double.ulpOfOne * hi { x = next; break }
            x = next
        }
        let d = regularizedBeta(a: a, b: b, x: x), slope = d.d[2]
        guard slope > 0, slope.isFinite else { return (x, .zero) }
        return (x, SIMD4(-d.d[0] / slope, -d.d[1] / slope, 1 / slope, 0))
    }
}
