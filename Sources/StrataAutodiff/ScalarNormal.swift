// The normal log density of one scalar, shared by the density node and the scalar tape so both compute it bit for bit.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The arguments of a normal log density whose y, μ and σ are each one scalar.
public struct ScalarNormalArguments: Sendable {
    /// The outcome, location and scale slots (one element each).
    public let y: Slot, mu: Slot, sigma: Slot
    /// True when constant terms are dropped (Stan's `~`): −½ log 2π always, −log σ when σ is data.
    public let propto: Bool

    /// Arguments of `normal(y | mu, sigma)`, or nil unless every slot is one element.
    public init?(y: Slot, mu: Slot, sigma: Slot, propto: Bool) {
        guard y.count == 1 && mu.count == 1 && sigma.count == 1 else { return nil }
        self.y = y; self.mu = mu; self.sigma = sigma; self.propto = propto
    }
}

/// A graph node that, for some arguments, is one scalar normal log density; ``ScalarTape`` replays such nodes as
/// one instruction computing ``ScalarNormal``, so the node must compute exactly that for those arguments.
public protocol ScalarNormalDensityNode: GraphOperation {
    /// The node's arguments when it is one scalar normal density whose output is its only value; nil otherwise.
    var scalarNormalArguments: ScalarNormalArguments? { get }
}

/// log N(y | μ, σ) of scalars and its partials, in one fixed order of floating-point operations.
public enum ScalarNormal {
    /// ½ log 2π.
    public static let halfLogTwoPi = 0.9189385332046727

    /// −½((y − μ)/σ)² − log σ − ½ log 2π, leaving out −log σ unless `keepLogSigma` and −½ log 2π unless
    /// `keepConstant`.
    /// - Throws: ``LogDensityError/domain(variable:message:)`` when `checkScale` and σ is not positive and finite.
    @inline(__always)
    public static func logDensity(y: Double, mu: Double, sigma: Double, checkScale: Bool, keepLogSigma: Bool,
                                  keepConstant: Bool) throws -> Double {
        if checkScale && (!(sigma > 0) || !sigma.isFinite) {
            throw LogDensityError.domain(variable: "normal", message: "scale is \(sigma), but must be positive and finite")
        }
        let z = (y - mu) / sigma
        // log 1 is exactly +0 (a unit scale, as in `normal_lpdf(y | mu, 1)`, skips the call).
        var lp = -0.5 * (z * z) - (keepLogSigma && sigma != 1 ? log(sigma) : 0)
        if keepConstant { lp -= halfLogTwoPi }
        return lp
    }

    /// Adds `g` times the partials to the adjoints given (nil: a data argument, no adjoint).
    @inline(__always)
    public static func addGradient(y: Double, mu: Double, sigma: Double, g: Double, gy: UnsafeMutablePointer<Double>?,
                                   gmu: UnsafeMutablePointer<Double>?, gsigma: UnsafeMutablePointer<Double>?) {
        let inv = 1 / sigma
        let z = (y - mu) * inv
        let dzdm = g * z * inv
        if let gy { gy.pointee -= dzdm }
        if let gmu { gmu.pointee += dzdm }
        if let gsigma { gsigma.pointee += g * (z * z - 1) * inv }
    }

    /// ``logDensity(y:mu:sigma:checkScale:keepLogSigma:keepConstant:)`` of `arguments`' values in `values`.
    @inline(__always)
    public static func logDensity(_ values: UnsafeMutablePointer<Double>, _ arguments: ScalarNormalArguments) throws -> Double {
        let s = arguments.sigma
        return try logDensity(y: values[arguments.y.offset], mu: values[arguments.mu.offset], sigma: values[s.offset],
                              checkScale: !s.isConstant, keepLogSigma: !arguments.propto || !s.isConstant,
                              keepConstant: !arguments.propto)
    }

    /// ``addGradient(y:mu:sigma:g:gy:gmu:gsigma:)`` for `arguments`, adjoints in `adjoints`.
    @inline(__always)
    public static func addGradient(_ values: UnsafeMutablePointer<Double>, _ adjoints: UnsafeMutablePointer<Double>,
                                   _ arguments: ScalarNormalArguments, g: Double) {
        func adjoint(_ s: Slot) -> UnsafeMutablePointer<Double>? { s.isConstant ? nil : adjoints + s.offset }
        addGradient(y: values[arguments.y.offset], mu: values[arguments.mu.offset], sigma: values[arguments.sigma.offset],
                    g: g, gy: adjoint(arguments.y), gmu: adjoint(arguments.mu), gsigma: adjoint(arguments.sigma))
    }
}
