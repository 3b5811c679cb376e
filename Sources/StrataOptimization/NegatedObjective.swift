// Wraps a log-density evaluator as the objective f = -log p to minimise, turning recoverable
// errors and non-finite values into "infeasible point" answers.
import StrataCore

/// The minimisation objective `f(x) = -log p(x)` with gradient `-grad log p(x)`.
///
/// A recoverable ``LogDensityError`` or a non-finite value or gradient marks the point infeasible
/// (the line search then backtracks), as Stan's `ModelAdaptor` does. Fatal errors propagate.
struct NegatedObjective<Evaluator: LogDensityEvaluator> {
    let evaluator: Evaluator
    /// Number of gradient evaluations, including rejected ones.
    private(set) var evaluations = 0
    /// Why the most recent infeasible point was rejected.
    private(set) var lastRejection = "no rejected point"

    init(_ evaluator: Evaluator) { self.evaluator = evaluator }

    /// Evaluates `f` at `x`, writing `grad f` into `gradient`.
    /// - Returns: the objective, or nil when the point is infeasible.
    /// - Throws: fatal evaluator errors, unchanged.
    mutating func evaluate(at x: [Double], gradient: inout [Double]) throws -> Double? {
        evaluations += 1
        let logDensity: Double
        do {
            logDensity = try evaluator.logDensityAndGradient(at: x, gradient: &gradient)
        } catch let error as LogDensityError where error.isRecoverable {
            lastRejection = error.description
            return nil
        }
        guard logDensity.isFinite else {
            lastRejection = "log density is \(logDensity)"
            return nil
        }
        var finite = true
        gradient.withUnsafeMutableBufferPointer { g in
            for i in 0..<g.count {
                if !g[i].isFinite { finite = false }
                g[i] = -g[i]
            }
        }
        guard finite else {
            lastRejection = "gradient of the log density is not finite"
            return nil
        }
        return -logDensity
    }
}
