// The status codes every C entry point returns, and the mapping from Swift errors to them.
import Strata

/// Status codes of the C API; the raw values equal the `STRATA_*` constants in `strata.h`.
public enum StrataStatus: Int32, Sendable, CaseIterable {
    /// Success (`STRATA_OK`).
    case ok = 0
    /// A NULL, wrongly sized, out-of-range or freed argument (`STRATA_ERROR_INVALID_ARGUMENT`).
    case invalidArgument = 1
    /// The model or its data could not be loaded (`STRATA_ERROR_MODEL_LOAD`).
    case modelLoad = 2
    /// The log density could not be evaluated at the point (`STRATA_ERROR_EVALUATION`).
    case evaluation = 3
    /// NUTS failed (`STRATA_ERROR_SAMPLING`).
    case sampling = 4
    /// L-BFGS failed (`STRATA_ERROR_OPTIMIZATION`).
    case optimization = 5
    /// Output files could not be written (`STRATA_ERROR_IO`).
    case io = 6
    /// The run needs more memory than the machine has (`STRATA_ERROR_RESOURCES`).
    case resources = 7
    /// Anything unexpected (`STRATA_ERROR_INTERNAL`).
    case internalError = 99
}

/// A failure inside an entry point: the status to return and the message to record.
struct CAPIFailure: Error {
    let status: StrataStatus
    let message: String

    /// An invalid-argument failure naming `argument`.
    static func argument(_ argument: String, _ problem: String) -> CAPIFailure {
        CAPIFailure(status: .invalidArgument, message: "argument '\(argument)' \(problem)")
    }
}

/// Runs the body of entry point `function`: returns `STRATA_OK`, or records the message of the
/// thrown error (prefixed with the function name) and returns its status. Errors that are not a
/// ``CAPIFailure`` get `fallback` (or a more specific status for well-known error types).
func withStatus(_ function: String, fallback: StrataStatus, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        return StrataStatus.ok.rawValue
    } catch let failure as CAPIFailure {
        ErrorMessage.set("\(function): \(failure.message)")
        return failure.status.rawValue
    } catch {
        ErrorMessage.set("\(function): \(error)")
        return status(of: error, fallback: fallback).rawValue
    }
}

/// The status for a Swift error thrown by the engine.
func status(of error: Error, fallback: StrataStatus) -> StrataStatus {
    switch error {
    case let sampler as SamplerError:
        if case .invalidConfiguration = sampler { return .invalidArgument }
        return .sampling
    case is StanCSVError, is OutputFolderError: return .io
    case is InsufficientMemoryError: return .resources
    case is LBFGSError, is InitialPointError: return .optimization
    case is LogDensityError: return fallback == .modelLoad ? .modelLoad : .evaluation
    default: return fallback
    }
}
