// The optimise workflow: L-BFGS to the posterior mode (or penalised MLE), reported on the constrained scale.
import StrataCore
import StrataModeling
import StrataOptimization

/// The result of ``OptimizeService/run(model:jacobian:initial:seed:configuration:)``.
public struct OptimizeOutcome {
    /// The optimiser's own result (unconstrained point, log density, termination reason).
    public let result: LBFGSResult
    /// Output names (CmdStan style).
    public let names: [String]
    /// Constrained values at the optimum, in `names` order.
    public let values: [Double]
}

/// Finds the mode of a model's density.
public enum OptimizeService {
    /// Runs L-BFGS.
    /// - Parameters:
    ///   - model: the model.
    ///   - jacobian: include the transforms' log-Jacobians (a MAP estimate in the unconstrained
    ///     space); Stan's default is false (the mode of the constrained density).
    ///   - initial: unconstrained start; random uniform(-2, 2) when nil.
    ///   - seed: seeds the random start.
    /// - Throws: ``LBFGSError`` or ``InitialPointError`` when no feasible start or first step exists.
    public static func run(model: GraphModel, jacobian: Bool = false, initial: [Double]? = nil,
                           seed: UInt64 = 1234, configuration: LBFGSConfiguration = LBFGSConfiguration(),
                           progress: ((LBFGSProgress) -> Void)? = nil) throws -> OptimizeOutcome {
        let m = model.withJacobian(jacobian)
        let evaluator = m.makeEvaluator()
        var start = initial
        if start == nil {
            var rng = ChainRNG(seed: seed, chain: 0)
            start = try InitialPoint.uniform(evaluator: evaluator, rng: &rng)
        }
        let result = try LBFGS.maximize(evaluator: evaluator, initial: start!, configuration: configuration,
                                        progress: progress)
        var values = [Double]()
        try evaluator.writeOutputs(at: result.x, into: &values)
        return OptimizeOutcome(result: result, names: m.outputNames, values: values)
    }
}
