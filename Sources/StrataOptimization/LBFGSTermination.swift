// Why an L-BFGS run stopped (Stan's termination codes and messages) and the errors it can throw.

/// The reason an L-BFGS run stopped, mirroring Stan's `TerminationCondition` codes.
public enum LBFGSTermination: String, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    /// `|lp_i - lp_{i-1}| < objectiveTolerance` (Stan `TERM_ABSF`).
    case absoluteObjectiveChange
    /// Relative change of the log density below tolerance (Stan `TERM_RELF`).
    case relativeObjectiveChange
    /// Gradient norm below `gradientTolerance` (Stan `TERM_ABSGRAD`).
    case gradientNorm
    /// Relative gradient magnitude below tolerance (Stan `TERM_RELGRAD`).
    case relativeGradient
    /// Parameter change norm below `parameterTolerance` (Stan `TERM_ABSX`).
    case parameterChange
    /// The iteration limit was reached (Stan `TERM_MAXIT`).
    case maximumIterations
    /// The line search could not find an acceptable step even along the steepest-ascent
    /// direction (Stan `TERM_LSFAIL`). The result holds the best point found.
    case lineSearchFailed

    /// Whether this reason is one of the convergence tests (Stan's "terminated normally").
    public var isConvergence: Bool {
        switch self {
        case .maximumIterations, .lineSearchFailed: return false
        default: return true
        }
    }

    /// Whether Stan treats the run as having terminated normally (every reason except a
    /// line-search failure, including hitting the iteration limit).
    public var isNormal: Bool { self != .lineSearchFailed }

    /// The message Stan prints for this reason.
    public var message: String {
        switch self {
        case .absoluteObjectiveChange:
            return "Convergence detected: absolute change in objective function was below tolerance"
        case .relativeObjectiveChange:
            return "Convergence detected: relative change in objective function was below tolerance"
        case .gradientNorm: return "Convergence detected: gradient norm is below tolerance"
        case .relativeGradient: return "Convergence detected: relative gradient magnitude is below tolerance"
        case .parameterChange: return "Convergence detected: absolute parameter change was below tolerance"
        case .maximumIterations: return "Maximum number of iterations hit, may not be at an optima"
        case .lineSearchFailed:
            return "Line search failed to achieve a sufficient decrease, no more progress can be made"
        }
    }

    /// Same as ``message``.
    public var description: String { message }
}

/// Errors thrown by the optimiser before it can produce a result.
///
/// Fatal model errors (``LogDensityError/invalidModel(_:)`` or any non-``LogDensityError``) raised
/// by the evaluator are rethrown unchanged.
public enum LBFGSError: Error, Equatable, CustomStringConvertible {
    /// A configuration field is out of range.
    case invalidConfiguration(field: String, message: String)
    /// A vector has the wrong length.
    case dimensionMismatch(variable: String, expected: Int, actual: Int)
    /// The initial point has a NaN or infinite coordinate.
    case nonFiniteInitialValue(index: Int)
    /// The log density or its gradient could not be evaluated (or was not finite) at the initial
    /// point; the payload is the evaluator's message.
    case infeasibleInitialPoint(String)
    /// The very first line search failed, so no progress at all was made from the initial point.
    /// The payload describes the last rejected trial point, if any.
    case lineSearchFailedAtStart(String)

    /// A message naming the offending field, variable or point.
    public var description: String {
        switch self {
        case let .invalidConfiguration(field, message): return "L-BFGS configuration \(field): \(message)"
        case let .dimensionMismatch(variable, expected, actual):
            return "\(variable): expected \(expected) values, got \(actual)"
        case let .nonFiniteInitialValue(index): return "initial[\(index)] is not finite"
        case let .infeasibleInitialPoint(reason):
            return "Error evaluating the log density at the initial point: \(reason)"
        case let .lineSearchFailedAtStart(reason):
            return "Line search failed on the first L-BFGS iteration (\(reason))"
        }
    }
}
