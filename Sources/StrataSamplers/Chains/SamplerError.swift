// Errors the samplers report, each naming the chain or setting at fault.

/// Errors raised by the samplers.
public enum SamplerError: Error, Equatable, CustomStringConvertible {
    /// A configuration value is invalid.
    case invalidConfiguration(String)
    /// No initial point with a finite log density and gradient was found.
    case initializationFailed(chain: Int, message: String)
    /// Stan's step-size search failed (improper posterior or discontinuity).
    case stepSizeSearchFailed(String)
    /// Metric adaptation produced a non-finite or non-positive-definite estimate.
    case metricAdaptationFailed(String)
    /// A chain stopped on a fatal error.
    case chainFailed(chain: Int, message: String)

    /// A readable message naming the chain or setting at fault.
    public var description: String {
        switch self {
        case let .invalidConfiguration(m): return "invalid sampler configuration: \(m)"
        case let .initializationFailed(chain, m): return "chain \(chain + 1): initialization failed: \(m)"
        case let .stepSizeSearchFailed(m): return "step size initialization failed: \(m)"
        case let .metricAdaptationFailed(m): return "metric adaptation failed: \(m)"
        case let .chainFailed(chain, m): return "chain \(chain + 1) failed: \(m)"
        }
    }
}
