// The object behind a `strata_model *`: the loaded model, its output names as C strings, and one
// lock-guarded evaluator per Jacobian setting for the pointwise calls.
import Foundation
import Strata

/// A loaded model as seen by C callers.
///
/// The model itself is immutable, so sampling and optimisation (which make their own evaluators)
/// may run concurrently. The pointwise calls (`strata_log_density_gradient`, `strata_constrain`)
/// share one evaluator and its buffers per handle and are serialised by ``lock``.
final class ModelHandle: @unchecked Sendable {
    /// The model and the names used for output files.
    let loaded: LoadedModel
    /// The model NUTS runs (``loaded``'s, or the same program with parameters integrated out).
    let samplingModel: GraphModel
    /// Compiles the sampling model for a run seed, for programs whose transformed data draw random
    /// numbers from it (nil: ``samplingModel`` serves every seed).
    var samplingModelForSeed: ((UInt64) throws -> GraphModel)?
    /// Unconstrained dimension.
    let dimension: Int
    /// Output names in order.
    let outputNames: [String]
    /// The same names as NUL-terminated strings owned by the handle (freed in `deinit`).
    let cOutputNames: [UnsafeMutablePointer<CChar>]

    private let lock = NSLock()
    /// Evaluators with the Jacobian (index 1) and without (index 0), made on first use.
    private var evaluators: [GraphModelEvaluator?] = [nil, nil]
    private var point: [Double]
    private var gradient: [Double]
    private var outputs: [Double] = []

    /// Wraps a loaded model; `samplingModel` (default: the loaded model) is the one strata_sample runs.
    init(loaded: LoadedModel, samplingModel: GraphModel? = nil) {
        self.loaded = loaded
        self.samplingModel = samplingModel ?? loaded.model
        dimension = loaded.model.dimension
        outputNames = loaded.model.outputNames
        cOutputNames = outputNames.map { strdup($0) }
        point = [Double](repeating: 0, count: dimension)
        gradient = [Double](repeating: 0, count: dimension)
    }

    deinit {
        for name in cOutputNames { free(name) }
    }

    /// The model with the Jacobian terms on or off.
    func model(jacobian: Bool) -> GraphModel { loaded.model.withJacobian(jacobian) }

    /// Log density at `x` (``dimension`` values); writes the gradient to `grad` unless it is nil.
    func logDensity(at x: UnsafePointer<Double>, jacobian: Bool, gradient grad: UnsafeMutablePointer<Double>?) throws -> Double {
        try lock.withLock {
            let evaluator = evaluator(jacobian: jacobian)
            copyPoint(from: x)
            guard let grad else { return try evaluator.logDensity(at: point) }
            let lp = try evaluator.logDensityAndGradient(at: point, gradient: &gradient)
            copyValues(gradient, to: grad, count: dimension)
            return lp
        }
    }

    /// Writes the constrained outputs at `x` into `out` (``outputNames``.count values).
    func constrain(_ x: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>) throws {
        try lock.withLock {
            let evaluator = evaluator(jacobian: true)
            copyPoint(from: x)
            try evaluator.writeOutputs(at: point, into: &outputs)
            copyValues(outputs, to: out, count: outputNames.count)
        }
    }

    /// The model a run with `seed` samples (the command line compiles the program with the run's seed).
    func samplingModel(seed: UInt64) throws -> GraphModel {
        try samplingModelForSeed?(seed) ?? samplingModel
    }

    /// The unconstrained point of the parameters' constrained values `values`, given in output order
    /// (CmdStan's: column-major within each parameter), the first ``parameterValueCount`` outputs.
    func unconstrain(_ values: UnsafePointer<Double>) throws -> [Double] {
        try unconstrain(values, for: loaded.model)
    }

    /// The unconstrained point of `model` (this program, perhaps with fewer parameters: the sampling model)
    /// for the parameters' constrained values `values` (as in ``unconstrain(_:)``); values of parameters
    /// `model` does not have (integrated out) are unused.
    func unconstrain(_ values: UnsafePointer<Double>, for model: GraphModel) throws -> [Double] {
        var byName: [String: Double] = [:]
        for (k, name) in outputNames.prefix(parameterValueCount).enumerated() { byName[name] = values[k] }
        var parameters: [String: [Double]] = [:]
        for p in model.parameters {
            parameters[p.name] = try OutputNaming.flatNames(p.name, shape: p.shape).map { name in
                guard let value = byName[name], !value.isNaN else {
                    throw CAPIFailure(status: .evaluation, message: "parameter value '\(name)' is NaN")
                }
                return value
            }
        }
        return try model.unconstrain(parameters)
    }

    /// Number of output values that are parameters, transformed parameters and generated quantities.
    var outputValueCounts: (parameters: Int, transformedParameters: Int, generatedQuantities: Int) {
        let model = loaded.model
        func values(_ range: Range<Int>) -> Int {
            model.outputs[range].reduce(0) { $0 + ($1.names?.count ?? $1.shape.reduce(1, *)) }
        }
        let p = model.outputBlocks.parameters, t = model.outputBlocks.transformedParameters
        let parameters = values(0..<min(p, model.outputs.count))
        let transformed = values(min(p, model.outputs.count)..<min(p + t, model.outputs.count))
        return (parameters, transformed, outputNames.count - parameters - transformed)
    }

    /// Number of output values that are parameters (the length of strata_unconstrain's input).
    var parameterValueCount: Int { outputValueCounts.parameters }

    /// The cached evaluator for `jacobian` (call with the lock held).
    private func evaluator(jacobian: Bool) -> GraphModelEvaluator {
        let index = jacobian ? 1 : 0
        if let existing = evaluators[index] { return existing }
        let made = model(jacobian: jacobian).makeEvaluator()
        evaluators[index] = made
        return made
    }

    /// Copies a caller's point into the reusable buffer (call with the lock held).
    private func copyPoint(from x: UnsafePointer<Double>) {
        point.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { base.update(from: x, count: dimension) }
        }
    }
}

/// Copies the first `count` values of `values` to `target` (nothing when `count` is 0).
func copyValues(_ values: [Double], to target: UnsafeMutablePointer<Double>, count: Int) {
    guard count > 0 else { return }
    values.withUnsafeBufferPointer { target.update(from: $0.baseAddress!, count: count) }
}
