// Turns SUNDIALS return flags into located domain errors, for the IDAS (DAE) and CVODES (ODE) integrators.
import StrataCore

/// The errors of one SUNDIALS solve: setup failures, and solver failures explained by the user function's own error,
/// SUNDIALS' last message or its flag (the step limit named as Stan names it).
struct SundialsErrors {
    /// The Stan function and its place ("dae at model.stan:12:5"), and the SUNDIALS package ("IDAS", "CVODES").
    let name: String, package: String
    /// The step limit and the flag that reports it.
    let maxSteps: Int, tooMuchWork: Int32

    /// Throws when a setup call failed.
    func check(_ flag: Int32, _ call: String) throws {
        guard flag >= 0 else { throw failure("\(call) failed (\(package) flag \(flag))") }
    }

    /// Throws when a solver call failed: the user function's error first, else the package's message or flag.
    func solverCall(_ flag: Int32, _ doing: String, _ state: some SundialsCallbackState) throws {
        if flag >= 0 { return }
        if let functionError = state.failure { throw functionError }
        let message = state.message
        let detail = message.map { " (\(package): \($0))" } ?? " (\(package) flag \(flag))"
        if flag == tooMuchWork { throw failure("max_num_steps = \(maxSteps) exceeded while \(doing)\(detail)") }
        throw failure("failed while \(doing)\(detail)")
    }

    func failure(_ message: String) -> LogDensityError { .domain(variable: name, message: message) }
}

/// What a solve's callbacks record for its errors: the user function's first error (SUNDIALS only sees a failure
/// flag) and SUNDIALS' last error message.
protocol SundialsCallbackState: AnyObject {
    var failure: Error? { get }
    var message: String? { get }
}
