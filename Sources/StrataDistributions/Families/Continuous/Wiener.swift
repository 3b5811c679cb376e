// Stan's wiener_lpdf: the first-passage time density of a drift diffusion at the upper boundary (4 and 5 arguments).
import Glibc

/// The upper-boundary first-passage time density of a Wiener diffusion with drift `v` (optionally normally
/// distributed across trials with sd `sv`), boundary separation `a`, non-decision time `t0` and relative start `w`.
///
/// The upper boundary is the lower boundary of the mirrored process (w → 1 − w, v → −v). The lower-boundary
/// density is a⁻² f(t/a² | w) times exp(((a w sv)² − 2 a v w − v² t) / (2(1 + sv² t))) / √(1 + sv² t), where
/// f(u | w) is the standard density (a = 1, v = 0). f is summed as Navarro and Fuss's small-time series for
/// u < 1, f = (2π u³)^(-1/2) Σ_k (w + 2k) exp(−(w + 2k)²/(2u)), k = −8…8, and as the large-time series
/// f = π Σ_{k≥1} k exp(−k²π²u/2) sin(kπw), k = 1…8, otherwise; either truncation leaves a relative error
/// below e⁻⁴⁰ (the dropped terms carry exp(−2|k|(|k|−1)/u) and exp(−(k²−1)π²u/2) respectively).
enum WienerDensity {
    /// log f(u | w) and its partials in u and w.
    static func logStandard(u: Double, w: Double) -> (value: Double, du: Double, dw: Double) {
        if u < 1 {
            // Factor out the k = 0 exponent: every other exponent 2k(w + k)/u is nonnegative.
            var s = 0.0, su = 0.0, sw = 0.0
            for k in -8...8 {
                let kk = Double(k), c = w + 2 * kk, e = 2 * kk * (w + kk) / u, ex = exp(-e)
                s += c * ex
                su += c * ex * e / u
                sw += ex - c * ex * 2 * kk / u
            }
            let value = -0.5 * log(2 * Double.pi) - 1.5 * log(u) - w * w / (2 * u) + log(s)
            return (value, -1.5 / u + w * w / (2 * u * u) + su / s, -w / u + sw / s)
        }
        let half = Double.pi * Double.pi / 2
        var s = 0.0, su = 0.0, sw = 0.0
        for k in 1...8 {
            let kk = Double(k), ex = exp(-(kk * kk - 1) * half * u), sn = sin(kk * Double.pi * w)
            s += kk * ex * sn
            su -= kk * ex * sn * (kk * kk - 1) * half
            sw += kk * ex * kk * Double.pi * cos(kk * Double.pi * w)
        }
        return (log(Double.pi) - half * u + log(s), -half + su / s, sw / s)
    }

    /// log density and its partials with respect to (y, a, t0, w, v, sv), in that order.
    static func logDensity(y: Double, a: Double, t0: Double, w: Double, v: Double, sv: Double) -> (value: Double, gradient: [Double]) {
        let t = y - t0, wl = 1 - w, vl = -v            // lower-boundary parameters of the mirrored process
        let a2 = a * a, u = t / a2
        let f = logStandard(u: u, w: wl)
        let d = 1 + sv * sv * t
        let n = a2 * wl * wl * sv * sv - 2 * a * vl * wl - vl * vl * t
        let value = -2 * log(a) + f.value + n / (2 * d) - 0.5 * log(d)
        let dt = f.du / a2 - vl * vl / (2 * d) - n * sv * sv / (2 * d * d) - 0.5 * sv * sv / d
        let da = -2 / a - 2 * f.du * t / (a2 * a) + (a * wl * wl * sv * sv - vl * wl) / d
        let dwl = f.dw + (a2 * wl * sv * sv - a * vl) / d
        let dvl = (-a * wl - vl * t) / d
        let dsv = a2 * wl * wl * sv / d - n * sv * t / (d * d) - sv * t / d
        return (value, [dt, da, -dt, -dwl, -dvl, dsv])
    }
}

/// Arguments shared by the Wiener families: outcome, boundary separation, non-decision time, start, drift.
let wienerArguments: [FamilyArgument] = [
    .real("random variable", .finite), .real("boundary separation", .positiveFinite),
    .real("nondecision time", .nonnegativeFinite), .real("a-priori bias", .openUnit), .real("drift rate", .finite),
]
/// The outcome must exceed the non-decision time.
let wienerRelations = [FamilyRelation([0, 2]) { x in x[0] > x[2] ? nil : (0, "> the nondecision time \(x[2])") }]

/// Stan's `wiener_lpdf(y | α, τ, β, δ)`: the upper-boundary first-passage time density (``WienerDensity``, sv = 0).
public enum Wiener4Family: ScalarFamily {
    public static let name = "wiener"
    public static let parameterNames = ["alpha", "tau", "beta", "delta"]
    public static let arguments = wienerArguments
    public static let relations = wienerRelations
    public static let terms = [FamilyTerm(0, 1, 2, 3, 4)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        WienerDensity.logDensity(y: x[0], a: x[1], t0: x[2], w: x[3], v: x[4], sv: 0).value
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let g = WienerDensity.logDensity(y: x[0], a: x[1], t0: x[2], w: x[3], v: x[4], sv: 0).gradient
        return FamilyPoint(lowHalf: SIMD4(g[0], g[1], g[2], g[3]), highHalf: SIMD4(g[4], 0, 0, 0))
    }
}

/// Stan's `wiener_lpdf(y | a, t0, w, v, sv)`: the drift varies across trials as normal(v, sv) (``WienerDensity``).
public enum Wiener5Family: ScalarFamily {
    public static let name = "wiener"
    public static let parameterNames = ["a", "t0", "w", "v", "sv"]
    public static let arguments = wienerArguments + [.real("inter-trial drift variability", .nonnegativeFinite)]
    public static let relations = wienerRelations
    public static let terms = [FamilyTerm(0, 1, 2, 3, 4, 5)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double {
        WienerDensity.logDensity(y: x[0], a: x[1], t0: x[2], w: x[3], v: x[4], sv: x[5]).value
    }

    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint {
        let g = WienerDensity.logDensity(y: x[0], a: x[1], t0: x[2], w: x[3], v: x[4], sv: x[5]).gradient
        return FamilyPoint(lowHalf: SIMD4(g[0], g[1], g[2], g[3]), highHalf: SIMD4(g[4], g[5], 0, 0))
    }
}

/// Stan's `wiener_lpdf(y | a, t0, w, v, sv, precision)`: ``Wiener5Family`` with a requested log error tolerance.
/// The series above are always summed to a relative error below e⁻⁴⁰, tighter than any positive tolerance, so
/// the precision is checked and otherwise does not change the value.
public enum Wiener5PrecisionFamily: ScalarFamily {
    public static let name = "wiener"
    public static let parameterNames = ["a", "t0", "w", "v", "sv", "precision"]
    public static let arguments = Wiener5Family.arguments + [.real("precision", .positiveFinite)]
    public static let relations = wienerRelations
    public static let terms = [FamilyTerm(0, 1, 2, 3, 4, 5)]

    public static func term(_ k: Int, _ x: FamilyPoint) -> Double { Wiener5Family.term(k, x) }
    public static func termGradient(_ k: Int, _ x: FamilyPoint) -> FamilyPoint { Wiener5Family.termGradient(k, x) }
}
