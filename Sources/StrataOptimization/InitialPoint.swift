// Stan-style random initialisation: uniform(-R, R) on the unconstrained scale, retried until the
// log density and its gradient are finite.
import StrataCore

/// Errors from ``InitialPoint/uniform(evaluator:rng:radius:maxAttempts:)``.
public enum InitialPointError: Error, Equatable, CustomStringConvertible {
    /// An argument is out of range.
    case invalidArgument(name: String, message: String)
    /// No finite point was found; carries the number of attempts and the last rejection reason.
    case failed(attempts: Int, lastReason: String)

    /// A message naming the bad argument, or the attempts made and the last rejection.
    public var description: String {
        switch self {
        case let .invalidArgument(name, message): return "\(name): \(message)"
        case let .failed(attempts, lastReason):
            return "Initialization failed after \(attempts) attempts; last rejection: \(lastReason). "
                + "Try specifying initial values, reducing the range of random inits, or reparameterizing the model."
        }
    }
}

/// Starting points for optimisers and samplers when the caller has none.
public enum InitialPoint {
    /// Draws each unconstrained coordinate uniformly from `(-radius, radius)` until the log density
    /// and every gradient component are finite, as Stan's random initialisation does (CmdStan
    /// `init=2`, at most 100 attempts). With `radius == 0` the single candidate is the origin.
    ///
    /// - Parameters:
    ///   - evaluator: the log density to check candidates with.
    ///   - rng: the chain's random stream (advanced by `dimension` uniforms per attempt).
    ///   - radius: half-width of the uniform box (Stan's default 2).
    ///   - maxAttempts: number of candidates to try (Stan's 100).
    /// - Returns: a point where the log density and gradient are finite.
    /// - Throws: ``InitialPointError`` if none is found or the arguments are bad; fatal evaluator
    ///   errors (``LogDensityError/invalidModel(_:)`` and non-``LogDensityError``s) unchanged.
    public static func uniform<Evaluator: LogDensityEvaluator>(
        evaluator: Evaluator, rng: inout ChainRNG, radius: Double = 2, maxAttempts: Int = 100
    ) throws -> [Double] {
        guard radius >= 0 && radius.isFinite else {
            throw InitialPointError.invalidArgument(name: "radius", message: "must be non-negative and finite, got \(radius)")
        }
        guard maxAttempts >= 1 else {
            throw InitialPointError.invalidArgument(name: "maxAttempts", message: "must be at least 1, got \(maxAttempts)")
        }
        let n = evaluator.dimension
        var x = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: n)
        var reason = "none"
        let attempts = radius == 0 ? 1 : maxAttempts
        for _ in 0..<attempts {
            if radius > 0 { for i in 0..<n { x[i] = rng.uniform(-radius, radius) } }
            do {
                let lp = try evaluator.logDensityAndGradient(at: x, gradient: &gradient)
                if !lp.isFinite {
                    reason = "log density is \(lp)"
                } else if let bad = gradient.firstIndex(where: { !$0.isFinite }) {
                    reason = "gradient[\(bad)] is \(gradient[bad])"
                } else {
                    return x
                }
            } catch let error as LogDensityError where error.isRecoverable {
                reason = error.description
            }
        }
        throw InitialPointError.failed(attempts: attempts, lastReason: reason)
    }
}
