// Runs one chain: initialisation, windowed warmup adaptation, sampling, output through a sink.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a single NUTS chain with Stan's adaptation (`hmc_nuts_*_e_adapt` services).
///
/// Warmup: dual averaging of the step size every iteration; at each window end of the
/// ``WarmupSchedule`` the metric is re-estimated (regularised Welford), the step size is
/// re-initialised with `init_stepsize`, μ is set to log(10 ε) and dual averaging restarts.
/// After warmup the step size is exp(x̄).
struct ChainRunner<Model: LogDensityModel> {
    let model: Model
    let configuration: SamplerConfiguration
    let chain: Int
    let sink: (any DrawSink)?
    let progress: ProgressCallback?
    let shouldStop: () -> Bool

    /// Runs the chain with `metric` as the initial metric.
    func run<M: Metric>(metric: M) throws -> ChainResult {
        let config = configuration
        sink?.chainStarted(chain: chain)
        let evaluator = model.makeEvaluator()
        var rng = ChainRNG(seed: config.seed, chain: chain)
        var outputRNG = ChainRNG(seed: config.seed, chain: chain, stream: 1)
        var state = try ChainInitializer.initialPoint(evaluator: evaluator, chain: chain, configuration: config,
                                                      rng: &rng)
        var kernel = NUTSKernel(metric: metric, stepSize: config.initialStepSize, maxDepth: config.maxDepth)
        var result = ChainResult(chain: chain, outputNames: model.outputNames, inverseMetric: metric.inverseMetric)
        let outputCount = model.outputNames.count
        var outputs = [Double](repeating: 0, count: outputCount)
        let keptSamples = (config.samples + config.thin - 1) / config.thin
        result.draws.reserveCapacity(keptSamples * outputCount)
        result.stats.reserveCapacity(keptSamples)

        let adapting = config.adapt && config.warmup > 0
        if adapting { try kernel.initializeStepSize(from: state, evaluator: evaluator, rng: &rng) }
        var dual = DualAveraging(targetAcceptance: config.adaptDelta, gamma: config.gamma, kappa: config.kappa,
                                 t0: config.t0, mu: log(10 * config.initialStepSize))
        let schedule = WarmupSchedule(warmup: config.warmup, initBuffer: config.initBuffer,
                                      termBuffer: config.termBuffer, baseWindow: config.baseWindow)
        var accumulator = kernel.metric.makeAccumulator()

        var divergences = 0
        for iteration in 0..<config.warmup {
            if shouldStop() { return finish(result, kernel, interrupted: true) }
            let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
            if adapting {
                kernel.stepSize = dual.learn(acceptStat: info.acceptStat)
                if schedule.collects(iteration) { accumulator.add(state.position) }
                if schedule.endsWindow(iteration) {
                    try kernel.metric.adapt(from: accumulator)
                    accumulator.restart()
                    try kernel.initializeStepSize(from: state, evaluator: evaluator, rng: &rng)
                    dual.mu = log(10 * kernel.stepSize)
                    dual.restart()
                }
            }
            if info.isDivergent { divergences += 1 }
            if config.saveWarmup && iteration % config.thin == 0 {
                try writeOutputs(state, evaluator, &outputs, &outputRNG)
                result.warmupDraws.append(contentsOf: outputs)
                result.warmupStats.append(info)
                sink?.record(chain: chain, iteration: iteration, isWarmup: true, outputs: outputs, info: info)
            }
            progress?(ProgressReport(chain: chain, iteration: iteration, phaseIterations: config.warmup,
                                     phase: .warmup, stepSize: info.stepSize, divergences: divergences))
        }
        if adapting { kernel.stepSize = dual.finalStepSize }
        result.stepSize = kernel.stepSize
        result.inverseMetric = kernel.metric.inverseMetric
        sink?.adaptationFinished(chain: chain, stepSize: kernel.stepSize, inverseMetric: result.inverseMetric)

        divergences = 0
        for iteration in 0..<config.samples {
            if shouldStop() { return finish(result, kernel, interrupted: true) }
            let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
            if info.isDivergent { divergences += 1 }
            if iteration % config.thin == 0 {
                try writeOutputs(state, evaluator, &outputs, &outputRNG)
                result.draws.append(contentsOf: outputs)
                result.stats.append(info)
                sink?.record(chain: chain, iteration: iteration, isWarmup: false, outputs: outputs, info: info)
            }
            progress?(ProgressReport(chain: chain, iteration: iteration, phaseIterations: config.samples,
                                     phase: .sampling, stepSize: info.stepSize, divergences: divergences))
        }
        return finish(result, kernel, interrupted: false)
    }

    private func finish<M: Metric>(_ result: ChainResult, _ kernel: NUTSKernel<M>, interrupted: Bool) -> ChainResult {
        sink?.chainFinished(chain: chain)
        var r = result
        r.wasInterrupted = interrupted
        r.stepSize = kernel.stepSize
        r.inverseMetric = kernel.metric.inverseMetric
        return r
    }

    /// Constrained outputs at the state; a recoverable failure writes NaNs, a fatal one is rethrown.
    private func writeOutputs<E: LogDensityEvaluator>(_ state: PhasePoint, _ evaluator: E,
                                                      _ outputs: inout [Double], _ rng: inout ChainRNG) throws {
        do {
            try evaluator.writeOutputs(at: state.position, into: &outputs, rng: &rng)
        } catch let error as LogDensityError where error.isRecoverable {
            for i in 0..<outputs.count { outputs[i] = .nan }
        }
    }
}
