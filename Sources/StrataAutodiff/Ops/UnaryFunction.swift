// Elementwise functions of one argument with their derivatives, written in terms of input and output.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A differentiable function of one real variable applied elementwise.
public enum UnaryFunction: String, CaseIterable, Sendable {
    case negate, exp, log, log1p, expm1, sqrt, square, inverse, abs
    case invLogit, logit, logInvLogit, log1mInvLogit, log1m, log1pExp
    /// log(1 − eˣ): log(−expm1(x)) near 0, log1p(−eˣ) below −ln 2 (where 1 − eˣ rounds to 1); NaN for x > 0, as
    /// in Stan (no domain error).
    case log1mExp
    case tanh, sin, cos, tan, atan, lgamma, digamma, erf, phi, cbrt, log2, log10, exp2
    case tgamma, trigamma, asinh, lambertW0, lambertWm1, invPhi, stdNormalLogQf
    /// Piecewise-constant functions: their derivative is 0 wherever it exists (Stan's convention).
    case floor, ceil, round, trunc, step

    /// f(x).
    @inlinable
    public func value(_ x: Double) -> Double {
        switch self {
        case .negate: return -x
        case .exp: return Glibc.exp(x)
        case .log: return Glibc.log(x)
        case .log1p: return Glibc.log1p(x)
        case .expm1: return Glibc.expm1(x)
        case .sqrt: return x.squareRoot()
        case .square: return x * x
        case .inverse: return 1 / x
        case .abs: return Swift.abs(x)
        case .invLogit: return SpecialFunctions.invLogit(x)
        case .logit: return Glibc.log(x / (1 - x))
        case .logInvLogit: return SpecialFunctions.logInvLogit(x)
        case .log1mInvLogit: return SpecialFunctions.logInvLogit(-x)
        case .log1m: return Glibc.log1p(-x)
        case .log1pExp: return SpecialFunctions.log1pExp(x)
        case .log1mExp: return x > -M_LN2 ? Glibc.log(-Glibc.expm1(x)) : Glibc.log1p(-Glibc.exp(x))
        case .tanh: return Glibc.tanh(x)
        case .sin: return Glibc.sin(x)
        case .cos: return Glibc.cos(x)
        case .tan: return Glibc.tan(x)
        case .atan: return Glibc.atan(x)
        case .lgamma: return Glibc.lgamma(x)
        case .digamma: return SpecialFunctions.digamma(x)
        case .erf: return Glibc.erf(x)
        case .phi: return SpecialFunctions.phi(x)
        case .cbrt: return Glibc.cbrt(x)
        case .log2: return Glibc.log2(x)
        case .log10: return Glibc.log10(x)
        case .exp2: return Glibc.exp2(x)
        case .tgamma: return Glibc.tgamma(x)
        case .trigamma: return SpecialFunctions.trigamma(x)
        case .asinh: return Glibc.asinh(x)
        case .lambertW0: return SpecialFunctions.lambertW(x, lowerBranch: false)
        case .lambertWm1: return SpecialFunctions.lambertW(x, lowerBranch: true)
        case .invPhi: return SpecialFunctions.invPhi(x)
        case .stdNormalLogQf: return SpecialFunctions.stdNormalLogQuantile(x)
        case .floor: return x.rounded(.down)
        case .ceil: return x.rounded(.up)
        case .round: return x.rounded(.toNearestOrAwayFromZero)
        case .trunc: return x.rounded(.towardZero)
        case .step: return x < 0 ? 0 : 1
        }
    }

    /// f'(x), given x and y = f(x).
    @inlinable
    public func derivative(_ x: Double, _ y: Double) -> Double {
        switch self {
        case .negate: return -1
        case .exp: return y
        case .log: return 1 / x
        case .log1p: return 1 / (1 + x)
        case .expm1: return y + 1
        case .sqrt: return 0.5 / y
        case .square: return 2 * x
        case .inverse: return -y * y
        case .abs: return x > 0 ? 1 : (x < 0 ? -1 : 0)
        case .invLogit: return y * (1 - y)
        case .logit: return 1 / (x * (1 - x))
        case .logInvLogit: return SpecialFunctions.invLogit(-x)
        case .log1mInvLogit: return -SpecialFunctions.invLogit(x)
        case .log1m: return -1 / (1 - x)
        case .log1pExp: return SpecialFunctions.invLogit(x)
        case .log1mExp: return -1 / Glibc.expm1(-x)
        case .tanh: return 1 - y * y
        case .sin: return Glibc.cos(x)
        case .cos: return -Glibc.sin(x)
        case .tan: return 1 + y * y
        case .atan: return 1 / (1 + x * x)
        case .lgamma: return SpecialFunctions.digamma(x)
        case .digamma: return SpecialFunctions.trigamma(x)
        case .erf: return 2 / Double.pi.squareRoot() * Glibc.exp(-x * x)
        case .phi: return Glibc.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
        case .cbrt: return 1 / (3 * y * y)
        case .log2: return 1 / (x * M_LN2)
        case .log10: return 1 / (x * M_LN10)
        case .exp2: return y * M_LN2
        case .tgamma: return y * SpecialFunctions.digamma(x)
        case .trigamma: return SpecialFunctions.tetragamma(x)
        case .asinh: return 1 / (1 + x * x).squareRoot()
        case .lambertW0, .lambertWm1: return 1 / ((1 + y) * Glibc.exp(y))
        case .invPhi: return (2 * Double.pi).squareRoot() * Glibc.exp(0.5 * y * y)
        case .stdNormalLogQf: return Glibc.exp(x + 0.5 * y * y + 0.5 * Glibc.log(2 * Double.pi))
        case .floor, .ceil, .round, .trunc, .step: return 0
        }
    }

    /// Whether f is defined at x (used to raise a domain error instead of returning NaN silently).
    @inlinable
    public func inDomain(_ x: Double) -> Bool {
        switch self {
        case .log, .log2, .log10: return x >= 0
        case .sqrt: return x >= 0
        case .log1p: return x >= -1
        case .log1m: return x <= 1
        case .logit: return x >= 0 && x <= 1
        case .tgamma, .trigamma: return !(x <= 0 && x == x.rounded(.down))
        case .lambertW0: return x >= -1 / M_E
        case .lambertWm1: return x >= -1 / M_E && x < 0
        case .invPhi: return x >= 0 && x <= 1
        case .stdNormalLogQf: return x <= 0
        default: return true
        }
    }
}
