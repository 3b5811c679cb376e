// Runs one chain: initialisation, warmup adaptation, sampling, output through a sink.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a single NUTS chain: initialisation, warmup with a ``WarmupAdapter`` (Stan's windowed
/// scheme or nutpie's Fisher scheme), then sampling.
struct ChainRunner<Model: LogDensityModel> {
    let model: Model
    let configuration: SamplerConfiguration
    let chain: Int
    let sink: (any DrawSink)?
    let progress: ProgressCallback?
    let shouldStop: () -> Bool

    /// Runs the chain with `metric` as the initial metric, adapted by `adapter`.
    func run<A: WarmupAdapter>(metric: A.M, adapter: A) throws -> ChainResult {
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

        var adapter = adapter
        try adapter.begin(kernel: &kernel, state: state, evaluator: evaluator, rng: &rng)
        var divergences = 0
        for iteration in 0..<config.warmup {
            if shouldStop() { return finish(result, kernel, interrupted: true) }
            let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
            try adapter.afterTransition(iteration: iteration, info: info, state: state, kernel: &kernel,
                                        evaluator: evaluator, rng: &rng)
            if info.isDivergent { divergences += 1 }
            if config.saveWarmup && iteration % config.thin == 0 {
                try writeOutputs(state, evaluator, &outputs, &outputRNG,
                                 stream: RandomStream.warmupQuantities, draw: iteration / config.thin)
                result.warmupDraws.append(contentsOf: outputs)
                result.warmupStats.append(info)
                sink?.record(chain: chain, iteration: iteration, isWarmup: true, outputs: outputs, info: info)
            }
            progress?(ProgressReport(chain: chain, iteration: iteration, phaseIterations: config.warmup,
                                     phase: .warmup, stepSize: info.stepSize, divergences: divergences))
        }
        adapter.end(kernel: &kernel)
        result.stepSize = kernel.stepSize
        result.inverseMetric = kernel.metric.inverseMetric
        result.adaptation = adapter.report
        sink?.adaptationFinished(chain: chain, stepSize: kernel.stepSize, inverseMetric: result.inverseMetric,
                                 report: adapter.report)

        divergences = 0
        for iteration in 0..<config.samples {
            if shouldStop() { return finish(result, kernel, interrupted: true) }
            let info = try kernel.transition(&state, evaluator: evaluator, rng: &rng)
            if info.isDivergent { divergences += 1 }
            if iteration % config.thin == 0 {
                try writeOutputs(state, evaluator, &outputs, &outputRNG,
                                 stream: RandomStream.generatedQuantities, draw: iteration / config.thin)
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
    /// Generated quantities draw from substream `draw` of `stream` (their own stream per kept draw).
    private func writeOutputs<E: LogDensityEvaluator>(_ state: PhasePoint, _ evaluator: E,
                                                      _ outputs: inout [Double], _ rng: inout ChainRNG,
                                                      stream: UInt64, draw: Int) throws {
        var quantities = ChainRNG(seed: configuration.seed, chain: chain, stream: stream, draw: draw)
        do {
            try evaluator.writeOutputs(at: state.position, into: &outputs, rng: &rng, quantities: &quantities)
        } catch let error as LogDensityError where error.isRecoverable {
            for i in 0..<outputs.count { outputs[i] = .nan }
        }
    }
}
