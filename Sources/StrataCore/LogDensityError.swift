// Errors raised while evaluating a log density; recoverable ones reject a proposal instead of failing.

/// An error raised while evaluating a model's log density.
public enum LogDensityError: Error, Equatable, CustomStringConvertible {
    /// An argument fell outside a distribution's or function's domain (e.g. a negative scale).
    /// Recoverable: a sampler rejects the point as Stan does.
    case domain(variable: String, message: String)
    /// The log density or its gradient was NaN or infinite. Recoverable.
    case nonFinite(String)
    /// A problem no new point can fix (bad data, wrong sizes). Fatal.
    case invalidModel(String)

    /// Whether a sampler may recover by rejecting the current proposal.
    public var isRecoverable: Bool {
        if case .invalidModel = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case let .domain(variable, message): return "\(variable): \(message)"
        case let .nonFinite(message): return "non-finite log density: \(message)"
        case let .invalidModel(message): return message
        }
    }
}
