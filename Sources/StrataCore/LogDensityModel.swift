// The small protocol every sampler and optimiser talks to: a differentiable log density on R^n.

/// A differentiable log density over an unconstrained parameter vector.
///
/// The model itself is immutable and shareable between threads. Each chain asks it for its own
/// ``LogDensityEvaluator`` (which owns all scratch buffers), so gradients never allocate and never
/// share mutable state across threads.
public protocol LogDensityModel: Sendable {
    /// The per-chain evaluator type.
    associatedtype Evaluator: LogDensityEvaluator
    /// Number of unconstrained parameters.
    var dimension: Int { get }
    /// Names of the values returned by ``LogDensityEvaluator/writeOutputs(at:into:)``, in order,
    /// CmdStan style (`alpha`, `N_initial.1`, ...).
    var outputNames: [String] { get }
    /// Creates a fresh evaluator with its own workspace. Call once per chain.
    func makeEvaluator() -> Evaluator
}

/// Evaluates a log density and its gradient using a private workspace. Not thread-safe: one per chain.
public protocol LogDensityEvaluator: AnyObject {
    /// Number of unconstrained parameters.
    var dimension: Int { get }
    /// Computes the log density at `x` and writes its gradient into `gradient`.
    ///
    /// - Parameters:
    ///   - x: unconstrained parameters, `dimension` values.
    ///   - gradient: receives d(log density)/dx; must already hold `dimension` elements.
    /// - Returns: the log density (up to a constant).
    /// - Throws: ``LogDensityError``; samplers treat it as a rejected (divergent) point.
    func logDensityAndGradient(at x: [Double], gradient: inout [Double]) throws -> Double
    /// Computes the log density only (no gradient). Used by line searches and initialisation.
    func logDensity(at x: [Double]) throws -> Double
    /// Writes the constrained output values (parameters, transformed parameters, generated
    /// quantities) for unconstrained point `x`, in the order of ``LogDensityModel/outputNames``.
    func writeOutputs(at x: [Double], into outputs: inout [Double]) throws
    /// Like ``writeOutputs(at:into:)`` for a kept draw of a sampler: quantities drawn at random per draw
    /// (exact conditional draws of integrated-out parameters) use `rng`, the chain's output stream.
    func writeOutputs(at x: [Double], into outputs: inout [Double], rng: inout ChainRNG) throws
    /// Like ``writeOutputs(at:into:rng:)``, with `quantities` the stream of the generated quantities'
    /// `_rng` calls for this draw (see ``RandomStream/generatedQuantities``).
    func writeOutputs(at x: [Double], into outputs: inout [Double], rng: inout ChainRNG,
                      quantities: inout ChainRNG) throws
}

public extension LogDensityEvaluator {
    /// Default: nothing is random, so `rng` is not used.
    func writeOutputs(at x: [Double], into outputs: inout [Double], rng: inout ChainRNG) throws {
        try writeOutputs(at: x, into: &outputs)
    }

    /// Default: no `_rng` calls, so `quantities` is not used.
    func writeOutputs(at x: [Double], into outputs: inout [Double], rng: inout ChainRNG,
                      quantities: inout ChainRNG) throws {
        try writeOutputs(at: x, into: &outputs, rng: &rng)
    }

    /// Default: evaluate with a throwaway gradient buffer.
    func logDensity(at x: [Double]) throws -> Double {
        var g = [Double](repeating: 0, count: dimension)
        return try logDensityAndGradient(at: x, gradient: &g)
    }
}
