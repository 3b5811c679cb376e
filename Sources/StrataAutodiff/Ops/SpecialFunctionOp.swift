// Graph node for elementwise special functions of two or three arguments (incomplete gamma and beta, Owen's T,
// Bessel functions, fmod, atan2) with their exact partials.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A differentiable function of two or three real arguments, applied elementwise.
public enum SpecialFunction: String, CaseIterable, Sendable {
    /// Stan's gamma_p(a, z) and gamma_q(a, z): regularized lower and upper incomplete gamma.
    case gammaP, gammaQ
    /// Stan's inc_beta(a, b, x): the regularized incomplete beta function.
    case incBeta
    /// Stan's inv_inc_beta(a, b, p): the x with inc_beta(a, b, x) = p.
    case invIncBeta
    /// Owen's T(h, a).
    case owensT
    /// Bessel functions of integer order (first argument, data): J, Y, I and K.
    case besselJ, besselY, besselI, besselK
    /// log I_v(z) for a real order v ≥ 0.
    case logBesselI
    /// fmod(a, b) = a − b trunc(a / b), and atan2(y, x).
    case fmod, atan2
    /// hypot(a, b) = √(a² + b²) without overflow or underflow of the squares (libm's hypot).
    case hypot
    /// lbeta(a, b) = log B(a, b) and lchoose(n, k) = log C(n, k), precise for large arguments (``SpecialFunctions/logBeta(_:_:)``).
    case logBeta, logChoose
    /// Stan's student_t_qf(p, nu, mu, sigma): mu + sigma times the standard Student t quantile.
    case studentTQuantile
    /// Stan's hypergeometric_1F0(a, z) = (1 − z)^(−a) and hypergeometric_2F1(a, b, c, z).
    case hypergeometric1F0, hypergeometric2F1

    /// The number of arguments.
    public var arity: Int {
        switch self {
        case .incBeta, .invIncBeta: return 3
        case .studentTQuantile, .hypergeometric2F1: return 4
        default: return 2
        }
    }

    /// Whether a NaN value means a series did not converge (an error) rather than a NaN argument.
    var isSeries: Bool { self == .hypergeometric2F1 }

    /// The value and its partials in each argument (an integer order gets partial 0).
    public func evaluate(_ x: SIMD4<Double>) -> (value: Double, partials: SIMD4<Double>) {
        func integral(_ f: (Int, Double) -> (value: Double, slope: Double)) -> (Double, SIMD4<Double>) {
            let r = f(Int(x[0]), x[1])
            return (r.value, [0, r.slope, 0, 0])
        }
        switch self {
        case .gammaP, .gammaQ:
            let r = SpecialFunctions.regularizedGamma(a: x[0], x: x[1])
            let d = self == .gammaP ? r.p : r.q
            return (d.v, d.d)
        case .incBeta:
            let d = SpecialFunctions.regularizedBeta(a: x[0], b: x[1], x: x[2])
            return (d.v, d.d)
        case .invIncBeta:
            let r = SpecialFunctions.inverseRegularizedBeta(a: x[0], b: x[1], p: x[2])
            return (r.x, r.partials)
        case .owensT:
            let p = SpecialFunctions.owensTPartials(x[0], x[1])
            return (SpecialFunctions.owensT(x[0], x[1]), [p.h, p.a, 0, 0])
        case .besselJ: return integral(SpecialFunctions.besselJ)
        case .besselY: return integral(SpecialFunctions.besselY)
        case .besselI: return integral(SpecialFunctions.besselI)
        case .besselK: return integral(SpecialFunctions.besselK)
        case .logBesselI:
            if x[1] == 0 { return (x[0] == 0 ? 0 : -.infinity, [0, x[0] == 0 ? 0 : .infinity, 0, 0]) }
            let d = SpecialFunctions.logBesselI(x[0], x[1])
            return (d.v, d.d)
        case .fmod: return (Glibc.fmod(x[0], x[1]), [1, -(x[0] / x[1]).rounded(.towardZero), 0, 0])
        case .studentTQuantile:
            let q = SpecialFunctions.studentTQuantile(p: x[0], nu: x[1])
            return (x[2] + x[3] * q.t, [x[3] * q.dp, x[3] * q.dnu, 1, q.t])
        case .hypergeometric1F0:
            let value = Glibc.pow(1 - x[1], -x[0])
            return (value, [-Glibc.log1p(-x[1]) * value, x[0] * value / (1 - x[1]), 0, 0])
        case .hypergeometric2F1: return SpecialFunctions.hypergeometric2F1(x[0], x[1], x[2], x[3])
        case .logBeta:
            let ds = SpecialFunctions.digamma(x[0] + x[1])
            return (SpecialFunctions.logBeta(x[0], x[1]),
                    [SpecialFunctions.digamma(x[0]) - ds, SpecialFunctions.digamma(x[1]) - ds, 0, 0])
        case .logChoose:
            let dm = SpecialFunctions.digamma(x[0] - x[1] + 1)
            return (SpecialFunctions.logChoose(x[0], x[1]),
                    [SpecialFunctions.digamma(x[0] + 1) - dm, dm - SpecialFunctions.digamma(x[1] + 1), 0, 0])
        case .hypot:
            let h = Glibc.hypot(x[0], x[1])
            return (h, [x[0] / h, x[1] / h, 0, 0])
        case .atan2:
            let r2 = x[0] * x[0] + x[1] * x[1]
            return (Glibc.atan2(x[0], x[1]), [x[1] / r2, -x[0] / r2, 0, 0])
        }
    }

    /// Why the arguments are outside the function's domain, or nil when they are inside it.
    public func domainError(_ x: SIMD4<Double>) -> String? {
        func isInt(_ v: Double) -> Bool { v == v.rounded() }
        switch self {
        case .gammaP, .gammaQ:
            return x[0] > 0 && x[1] >= 0 ? nil : "needs a > 0 and z >= 0, got (\(x[0]), \(x[1]))"
        case .incBeta:
            return x[0] > 0 && x[1] > 0 && x[2] >= 0 && x[2] <= 1 ? nil
                : "needs a > 0, b > 0 and 0 <= x <= 1, got (\(x[0]), \(x[1]), \(x[2]))"
        case .invIncBeta:
            return x[0] > 0 && x[1] > 0 && x[2] >= 0 && x[2] <= 1 ? nil
                : "needs a > 0, b > 0 and 0 <= p <= 1, got (\(x[0]), \(x[1]), \(x[2]))"
        case .owensT, .atan2, .hypot, .logBeta: return x[0].isNaN || x[1].isNaN ? "argument is NaN" : nil
        case .logChoose:
            return x[0] >= -1 && x[1] >= -1 && x[0] - x[1] + 1 >= 0 ? nil
                : "needs n >= -1, k >= -1 and n - k + 1 >= 0, got (\(x[0]), \(x[1]))"
        case .besselJ, .besselI: return isInt(x[0]) && x[0] >= 0 ? nil : "order \(x[0]) must be a non-negative integer"
        case .besselY, .besselK:
            return isInt(x[0]) && x[0] >= 0 && x[1] > 0 ? nil : "needs an order >= 0 and z > 0, got (\(x[0]), \(x[1]))"
        case .logBesselI: return x[0] >= 0 && x[1] >= 0 ? nil : "needs v >= 0 and z >= 0, got (\(x[0]), \(x[1]))"
        case .fmod: return x[1] != 0 && x[0].isFinite ? nil : "fmod(\(x[0]), \(x[1])) is undefined"
        case .studentTQuantile:
            return x[0] >= 0 && x[0] <= 1 && x[1] > 0 && x[2].isFinite && x[3] > 0 && x[3].isFinite ? nil
                : "needs 0 <= p <= 1, nu > 0, finite mu and positive finite sigma, got (\(x[0]), \(x[1]), \(x[2]), \(x[3]))"
        case .hypergeometric1F0:
            return x[0].isFinite && Swift.abs(x[1]) < 1 ? nil : "needs a finite a and |z| < 1, got (\(x[0]), \(x[1]))"
        case .hypergeometric2F1: return SpecialFunctions.hypergeometric2F1DomainError(x[0], x[1], x[2], x[3])
        }
    }
}

/// y[i] = f(x₀[i], x₁[i], x₂[i]) where scalar arguments (count 1) are broadcast.
public struct SpecialFunctionOp: GraphOperation {
    public let function: SpecialFunction
    public let arguments: [Slot]
    public let output: Slot

    public var inputs: [Slot] { arguments }
    public var tiling: Tiling { .elementwise(count: output.count) }

    /// The arguments of element i.
    @inline(__always)
    func point(_ arena: Arena, _ i: Int) -> SIMD4<Double> {
        var x = SIMD4<Double>.zero
        for (k, s) in arguments.enumerated() { x[k] = arena.value(s)[i * s.stride] }
        return x
    }

    public func forward(_ arena: Arena, range: Range<Int>) throws {
        let y = arena.value(output)
        for i in range {
            let x = point(arena, i)
            if let message = function.domainError(x) {
                throw LogDensityError.domain(variable: function.rawValue, message: message)
            }
            y[i] = function.evaluate(x).value
            if y[i].isNaN && function.isSeries {
                throw LogDensityError.domain(variable: function.rawValue, message: "the series did not converge within "
                    + "\(SpecialFunctions.hypergeometricMaximumTerms) terms at \(Array(0..<function.arity).map { x[$0] })")
            }
        }
    }

    public func backward(_ arena: Arena, range: Range<Int>) {
        let gy = arena.adjoint(output)
        for i in range where gy[i] != 0 {
            let partials = function.evaluate(point(arena, i)).partials
            for (k, s) in arguments.enumerated() where !s.isConstant {
                arena.adjoint(s)[i * s.stride] += gy[i] * partials[k]
            }
        }
    }
}

public extension Graph {
    /// Applies `f` elementwise to `arguments` (one per argument of f), broadcasting scalars.
    func apply(_ f: SpecialFunction, _ arguments: [Expr]) -> Expr {
        precondition(arguments.count == f.arity, "\(f.rawValue) takes \(f.arity) arguments")
        let n = broadcastCount(arguments.map(\.slot), context: f.rawValue)
        let out = allocate(count: n, isConstant: arguments.allSatisfy(\.isConstant))
        return record(SpecialFunctionOp(function: f, arguments: arguments.map(\.slot), output: out))
    }
}
