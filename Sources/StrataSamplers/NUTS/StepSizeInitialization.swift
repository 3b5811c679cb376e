// Stan's init_stepsize heuristic: double or halve ε until one leapfrog's acceptance crosses 0.8.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public extension NUTSKernel {
    /// Re-initialises ``stepSize`` with Stan's `base_hmc::init_stepsize` heuristic.
    ///
    /// From `state`, draws a momentum and takes one leapfrog step; if `exp(H0 - H) > 0.8` the step
    /// size is doubled until the acceptance of a fresh one-step trial drops to 0.8 or below,
    /// otherwise it is halved until the acceptance rises above 0.8. A step size of 0, above 1e7
    /// or NaN is left alone. `state` is not changed.
    /// - Throws: ``SamplerError/stepSizeSearchFailed(_:)`` when ε exceeds 1e7 (improper posterior)
    ///   or underflows to 0; fatal model errors.
    mutating func initializeStepSize<E: LogDensityEvaluator>(
        from state: PhasePoint, evaluator: E, rng: inout ChainRNG
    ) throws {
        if state.dimension == 0 || stepSize == 0 || stepSize > 1e7 || stepSize.isNaN { return }
        let threshold = log(0.8)
        var direction = 0
        while true {
            let deltaH = try oneStepEnergyChange(from: state, evaluator: evaluator, rng: &rng)
            if direction == 0 {
                // The first trial only fixes the search direction, as in Stan.
                direction = deltaH > threshold ? 1 : -1
                continue
            }
            if direction == 1 && !(deltaH > threshold) { break }
            if direction == -1 && !(deltaH < threshold) { break }
            stepSize = direction == 1 ? 2 * stepSize : 0.5 * stepSize
            if stepSize > 1e7 {
                throw SamplerError.stepSizeSearchFailed("posterior is improper (step size exceeded 1e7); please check the model")
            }
            if stepSize == 0 {
                throw SamplerError.stepSizeSearchFailed(
                    "no acceptably small step size could be found; perhaps the posterior is not continuous")
            }
        }
    }

    /// `H0 - H` after one leapfrog step of size ``stepSize`` from `state` with a fresh momentum.
    private mutating func oneStepEnergyChange<E: LogDensityEvaluator>(
        from state: PhasePoint, evaluator: E, rng: inout ChainRNG
    ) throws -> Double {
        var z = PhasePoint(dimension: 0)
        swap(&z, &workspace.z)
        defer { swap(&z, &workspace.z) }
        z.assign(from: state)
        metric.sampleMomentum(into: &z.momentum, rng: &rng)
        Leapfrog.updateKinetic(&z, metric: metric)
        let h0 = z.hamiltonian
        try Leapfrog.step(&z, epsilon: stepSize, metric: metric, evaluator: evaluator)
        return h0 - z.hamiltonian
    }
}
