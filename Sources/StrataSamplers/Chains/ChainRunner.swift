// Runs one chain: initialisation (or a saved state), warmup adaptation, sampling, output through a sink.
import Foundation
import StrataCore

/// Runs a single NUTS chain: initialisation, warmup with a ``WarmupAdapter`` (Stan's windowed
/// scheme or nutpie's Fisher scheme), then sampling. With a ``CheckpointCoordinator`` the chain
/// saves its complete state between iterations when asked (and when stopped), and continues from a
/// saved state instead of initialising: the draws are the same bits as an uninterrupted run's.
struct ChainRunner<Model: LogDensityModel> {
    let model: Model
    let configuration: SamplerConfiguration
    /// 0-based chain index within this process (sinks, inits, results).
    let chain: Int
    let sink: (any DrawSink)?
    let progress: ProgressCallback?
    let checkpoint: CheckpointCoordinator?
    let shouldStop: () -> Bool

    /// The run-wide chain index: it selects the chain's random streams.
    var runChain: Int { configuration.firstChain + chain }

    /// Runs the chain with `metric` as the initial metric, adapted by `adapter`.
    func run<A: WarmupAdapter>(metric: A.M, adapter: A) throws -> ChainResult {
        let config = configuration
        sink?.chainStarted(chain: chain)
        checkpoint?.chainStarted(chain)
        let evaluator = model.makeEvaluator()
        var setAside: [SetAsideInitialPoint] = []
        var s = try startingPoint(metric: metric, adapter: adapter, evaluator: evaluator, setAside: &setAside)
        var kernel = NUTSKernel(metric: s.metric, stepSize: s.stepSize, maxDepth: config.maxDepth)
        var result = ChainResult(chain: chain, outputNames: model.outputNames, inverseMetric: s.metric.inverseMetric)
        result.setAsideInitialPoints = setAside
        result.runChainId = runChain + 1
        let outputCount = model.outputNames.count
        var outputs = [Double](repeating: 0, count: outputCount)
        if config.keepDraws {
            let keptSamples = (config.samples + config.thin - 1) / config.thin
            result.draws.reserveCapacity(keptSamples * outputCount)
            result.stats.reserveCapacity(keptSamples)
        }

        /// Saves the state before iteration `s.iteration` when asked; on a stop request saves it and says to stop.
        func atBoundary() throws -> Bool {
            let stop = shouldStop()
            if let checkpoint, stop || checkpoint.wantsSnapshot(chain: chain) {
                s.stepSize = kernel.stepSize
                s.metric = kernel.metric
                checkpoint.deposit(ChainCheckpointRecord(chain: chain, sampler: try s.encoded(),
                                                         sink: try sink?.checkpointState()), finished: stop)
            }
            return stop
        }
        func keep(_ info: TransitionInfo, iteration: Int, isWarmup: Bool) throws {
            try writeOutputs(s.state, evaluator, &outputs, &s.outputRNG,
                             stream: isWarmup ? RandomStream.warmupQuantities : RandomStream.generatedQuantities,
                             draw: iteration / config.thin)
            if config.keepDraws {
                if isWarmup {
                    result.warmupDraws.append(contentsOf: outputs); result.warmupStats.append(info)
                } else {
                    result.draws.append(contentsOf: outputs); result.stats.append(info)
                }
            }
            sink?.record(chain: chain, iteration: iteration, isWarmup: isWarmup, outputs: outputs, info: info)
        }
        func report(_ info: TransitionInfo, _ phase: SamplerPhase, _ total: Int) {
            progress?(ProgressReport(chain: chain, iteration: s.iteration, phaseIterations: total, phase: phase,
                                     stepSize: info.stepSize, divergences: s.divergences, leapfrogs: s.leapfrogs))
        }

        if s.phase == .warmup {
            while s.iteration < config.warmup {
                if try atBoundary() { return finish(result, kernel, interrupted: true) }
                let info = try kernel.transition(&s.state, evaluator: evaluator, rng: &s.rng)
                try s.adapter.afterTransition(iteration: s.iteration, info: info, state: s.state, kernel: &kernel,
                                              evaluator: evaluator, rng: &s.rng)
                if info.isDivergent { s.divergences += 1 }
                s.leapfrogs += info.leapfrogCount
                if config.saveWarmup && s.iteration % config.thin == 0 { try keep(info, iteration: s.iteration, isWarmup: true) }
                report(info, .warmup, config.warmup)
                s.iteration += 1
            }
            s.adapter.end(kernel: &kernel)
            sink?.adaptationFinished(chain: chain, stepSize: kernel.stepSize, inverseMetric: kernel.metric.inverseMetric,
                                     report: s.adapter.report)
            s.phase = .sampling; s.iteration = 0; s.divergences = 0
        }
        result.stepSize = kernel.stepSize
        result.inverseMetric = kernel.metric.inverseMetric
        result.adaptation = s.adapter.report

        if s.phase == .sampling {
            while s.iteration < config.samples {
                if try atBoundary() { return finish(result, kernel, interrupted: true) }
                let info = try kernel.transition(&s.state, evaluator: evaluator, rng: &s.rng)
                if info.isDivergent { s.divergences += 1 }
                s.leapfrogs += info.leapfrogCount
                if s.iteration % config.thin == 0 { try keep(info, iteration: s.iteration, isWarmup: false) }
                report(info, .sampling, config.samples)
                s.iteration += 1
            }
            s.phase = .done
        }
        if let checkpoint {
            s.stepSize = kernel.stepSize
            s.metric = kernel.metric
            checkpoint.deposit(ChainCheckpointRecord(chain: chain, sampler: try s.encoded(),
                                                     sink: try sink?.checkpointState()), finished: true)
        }
        return finish(result, kernel, interrupted: false)
    }

    /// The saved state of this chain when resuming, else the initial point after the adapter's `begin`.
    ///
    /// Random initial points are screened: where Stan's step-size search (run by `begin`) ends below
    /// ``SamplerDefaults/screenedStepSize``, the point is set aside (into `setAside`) and another is drawn, up to
    /// ``SamplerDefaults/initialPointScreenAttempts`` points in all; if none passes, the chain starts from the one
    /// with the largest step size. Points that pass the screen at once leave the chain exactly as without it.
    private func startingPoint<A: WarmupAdapter, E: LogDensityEvaluator>(
        metric: A.M, adapter: A, evaluator: E, setAside: inout [SetAsideInitialPoint]
    ) throws -> ChainSnapshot<A.M, A> {
        if let saved = checkpoint?.record(chain: chain)?.sampler {
            return try ChainSnapshot<A.M, A>.decode(saved, chain: runChain)
        }
        let config = configuration
        var rng = ChainRNG(seed: config.seed, chain: runChain)
        let outputRNG = ChainRNG(seed: config.seed, chain: runChain, stream: 1)
        let screens = config.warmup > 0 && config.initRadius > 0
            && config.initialPoint(forChain: chain - config.firstChain) == nil
        var best: (snapshot: ChainSnapshot<A.M, A>, index: Int)?   // index: its place in setAside
        for attempt in 0..<(screens ? SamplerDefaults.initialPointScreenAttempts : 1) {
            let state: PhasePoint
            do {
                state = try ChainInitializer.initialPoint(evaluator: evaluator, chain: runChain, configuration: config,
                                                          rng: &rng)
            } catch SamplerError.initializationFailed where attempt > 0 {
                break   // no further finite point: keep the best screened one
            }
            var kernel = NUTSKernel(metric: metric, stepSize: config.initialStepSize, maxDepth: config.maxDepth)
            var adapter = adapter
            try adapter.begin(kernel: &kernel, state: state, evaluator: evaluator, rng: &rng)
            let snapshot = ChainSnapshot(phase: .warmup, iteration: 0, divergences: 0, leapfrogs: 0, state: state,
                                         stepSize: kernel.stepSize, metric: kernel.metric, adapter: adapter, rng: rng,
                                         outputRNG: outputRNG)
            if !screens || kernel.stepSize >= SamplerDefaults.screenedStepSize { return snapshot }
            setAside.append(SetAsideInitialPoint(logDensity: state.logDensity, stepSize: kernel.stepSize))
            if best.map({ kernel.stepSize > $0.snapshot.stepSize }) ?? true { best = (snapshot, setAside.count - 1) }
        }
        // Every screened point failed: start from the best of them (it is no longer "set aside"), with the state
        // of the random streams after the last draw so that nothing is reused.
        guard let best else { preconditionFailure("at least one initial point was drawn") }
        setAside.remove(at: best.index)
        var chosen = best.snapshot
        chosen.rng = rng
        return chosen
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
        var quantities = ChainRNG(seed: configuration.seed, chain: runChain, stream: stream, draw: draw)
        do {
            try evaluator.writeOutputs(at: state.position, into: &outputs, rng: &rng, quantities: &quantities)
        } catch let error as LogDensityError where error.isRecoverable {
            for i in 0..<outputs.count { outputs[i] = .nan }
        }
    }
}
