// Stan's seven-parameter Wiener model: the density and the unnormalised CDFs, integrated over sw and st0, with partials.
import Glibc

/// The upper-boundary first-passage time of a diffusion whose start is uniform on [w − sw/2, w + sw/2] and whose
/// non-decision time is uniform on [t0, t0 + st0] (drift normal(v, sv): ``WienerDensity``), Henrich et al. (2023).
///
/// Every quantity is ∫ p̄(s) K(s) ds over the decision time s, where p̄(s) is the sv density averaged over the start
/// (adaptive Gauss–Kronrod in w unless sw = 0) and K a piecewise-linear kernel from the non-decision time:
/// the density is (1/st0) ∫ over [T − st0, T] (T = y − t0; p̄ itself when st0 = 0), the unnormalised CDF
/// P(upper, RT ≤ y) weights s ≤ T − st0 by 1 and [T − st0, T] by (T − s)/st0, and the unnormalised CCDF
/// P(upper, RT > y) is the complement of that kernel over [T − st0, ∞). p̄ vanishes with all its derivatives at s = 0,
/// so the pieces stop at 0. Partials in a, v, sv, w and sw are integrated under the integral sign (w and sw through
/// the ends of the start interval), those in y, t0 and st0 come from the kernel's derivatives; at sw = 0 or st0 = 0
/// the values are exactly the smaller models' and the partials in sw and st0 are the right derivatives.
enum WienerFull {
    enum Quantity { case density, cdf, ccdf }

    /// Indices into the integrand vectors: value, ∂a, ∂v, ∂sv, ∂s (time), ∂w, ∂sw, spare.
    private static let value = 0, da = 1, dv = 2, dsv = 3, ds = 4, dw = 5, dsw = 6, spare = 7

    /// The sv density at decision time s and start ω, relative to exp(ref), with its partials (a, v, sv, s, ω).
    @inline(__always) static func point(_ s: Double, a: Double, omega: Double, v: Double, sv: Double, ref: Double) -> SIMD8<Double> {
        guard s > 0 else { return SIMD8() }
        let l = WienerDensity.logDensity(y: s, a: a, t0: 0, w: omega, v: v, sv: sv)
        let p = exp(l.value - ref)
        if p == 0 { return SIMD8() }
        let g = l.gradient
        return SIMD8(p, p * g[1], p * g[4], p * g[5], p * g[0], p * g[3], 0, 0)
    }

    /// p̄(s): the density averaged over the start, relative to exp(ref), with partials (index constants above).
    static func averaged(_ s: Double, a: Double, w: Double, v: Double, sv: Double, sw: Double, ref: Double) -> SIMD8<Double> {
        if sw == 0 { return point(s, a: a, omega: w, v: v, sv: sv, ref: ref) }
        guard s > 0 else { return SIMD8() }
        let lo = w - 0.5 * sw, hi = w + 0.5 * sw
        var m = GaussKronrod.integrate({ point(s, a: a, omega: $0, v: v, sv: sv, ref: ref) }, lo, hi) * (1 / sw)
        let upper = point(s, a: a, omega: hi, v: v, sv: sv, ref: ref)[value]
        let lower = point(s, a: a, omega: lo, v: v, sv: sv, ref: ref)[value]
        m[dw] = (upper - lower) / sw
        m[dsw] = (0.5 * (upper + lower) - m[value]) / sw
        return m
    }

    /// log of the quantity and its partials in (y, a, t0, w, v, sv, sw, st0).
    static func evaluate(_ kind: Quantity, _ x: SIMD8<Double>) -> (value: Double, gradient: SIMD8<Double>) {
        let y = x[0], a = x[1], t0 = x[2], w = x[3], v = x[4], sv = x[5], sw = x[6], st0 = x[7]
        let T = y - t0
        if kind == .density && sw == 0 && st0 == 0 {          // the 5-argument density itself
            let l = WienerDensity.logDensity(y: y, a: a, t0: t0, w: w, v: v, sv: sv), g = l.gradient
            return (l.value, SIMD8(g[0], g[1], g[2], g[3], g[4], g[5], 0, -0.5 * g[0]))
        }
        let start = kind == .ccdf ? Swift.max(0, T - st0) : (kind == .density && st0 > 0 ? Swift.max(0, T - st0) : 0)
        let end = kind == .ccdf ? T + 10 * a * a : T
        let ref = reference(from: start, to: Swift.max(end, start), a: a, w: w, v: v, sv: sv)
        func pbar(_ s: Double) -> SIMD8<Double> { averaged(s, a: a, w: w, v: v, sv: sv, sw: sw, ref: ref) }

        // `total`: the kernel-weighted integral (components value…dsw); dY, dSt0: its derivatives in y and st0.
        var total = SIMD8<Double>(), dY = 0.0, dSt0 = 0.0
        let c = Swift.max(0, T - st0)
        switch kind {
        case .density where st0 == 0:
            total = pbar(T)
            dY = total[ds]
            dSt0 = -0.5 * total[ds]
        case .density:
            total = GaussKronrod.integrate(pbar, c, T) * (1 / st0)
            let edge = T - st0 > 0 ? pbar(T - st0)[value] : 0
            dY = (pbar(T)[value] - edge) / st0
            dSt0 = (edge - total[value]) / st0
        case .cdf, .ccdf:
            let complement = kind == .ccdf
            if st0 == 0 {
                total = complement ? GaussKronrod.integrateToInfinity(pbar, from: T, scale: a * a) : GaussKronrod.integrate(pbar, 0, T)
                let atT = pbar(T)[value]
                dY = complement ? -atT : atT
                dSt0 = complement ? 0.5 * atT : -0.5 * atT
            } else {
                // The sloped piece [c, T]: K = (T − s)/st0 (CDF) or 1 − K (CCDF); spare slots carry ∫p̄ and ∫p̄ (T − s).
                let ramp = GaussKronrod.integrate({ s in
                    var f = pbar(s)
                    let k = (T - s) / st0, weight = complement ? 1 - k : k
                    let p = f[value]
                    f *= weight
                    f[ds] = p
                    f[spare] = p * (T - s)
                    return f
                }, c, T)
                let flat = complement ? GaussKronrod.integrateToInfinity(pbar, from: T, scale: a * a) : GaussKronrod.integrate(pbar, 0, c)
                total = flat + ramp
                dY = (complement ? -ramp[ds] : ramp[ds]) / st0
                dSt0 = (complement ? ramp[spare] : -ramp[spare]) / (st0 * st0)
            }
        }
        let mass = total[value]
        guard mass > 0, mass.isFinite else { return (-.infinity, SIMD8()) }
        let inv = 1 / mass
        let gradient = SIMD8(dY, total[da], -dY, total[dw], total[dv], total[dsv], total[dsw], dSt0) * inv
        return (log(mass) + ref, gradient)
    }

    /// The largest log sv density at the start w over nine points of [lo, hi] (the scale the integrands are kept at).
    static func reference(from lo: Double, to hi: Double, a: Double, w: Double, v: Double, sv: Double) -> Double {
        var best = -Double.infinity
        for k in 0...8 {
            let s = lo + (hi - lo) * Double(k) / 8
            if s > 0 { best = Swift.max(best, WienerDensity.logDensity(y: s, a: a, t0: 0, w: w, v: v, sv: sv).value) }
        }
        return best.isFinite ? best : 0
    }
}
