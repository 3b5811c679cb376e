// What `strata bench --json` reports about the point it timed, for checking another engine against Strata there.
import Strata

/// The point a benchmark evaluated, with the log density and gradient there and the constrained parameter
/// values (so another engine can be given the same point as CmdStan-style initial values).
struct PointReport: Codable {
    /// A parameter's constrained values in Stan's CSV order (first index fastest), with its shape (empty for a scalar).
    struct Parameter: Codable {
        let name: String
        let shape: [Int]
        let values: [Double]
    }

    /// The unconstrained point.
    let point: [Double]
    /// The log density as `strata sample` evaluates it: `~` drops constants, Jacobians included.
    let logDensity: Double
    /// The same without the transforms' log-Jacobians (comparable across engines whose transforms differ).
    let logDensityWithoutJacobian: Double
    /// d logDensity / d point.
    let gradient: [Double]
    /// The parameters' constrained values at the point.
    let parameters: [Parameter]

    /// Evaluates `program` at `x`.
    init(_ program: CompiledProgram, at x: [Double]) throws {
        let model = program.stan.model
        let evaluator = model.makeEvaluator()
        var gradient = [Double](repeating: 0, count: x.count)
        logDensity = try evaluator.logDensityAndGradient(at: x, gradient: &gradient)
        logDensityWithoutJacobian = try model.withJacobian(false).makeEvaluator().logDensity(at: x)
        var outputs: [Double] = []
        try evaluator.writeOutputs(at: x, into: &outputs)
        var offset = 0
        var parameters: [Parameter] = []
        for output in model.outputs.prefix(model.outputBlocks.parameters) {
            let count = output.value.count
            parameters.append(Parameter(name: output.name, shape: output.shape, values: Array(outputs[offset..<offset + count])))
            offset += count
        }
        point = x
        self.gradient = gradient
        self.parameters = parameters
    }
}
