// Stan's windowed warmup (hmc_nuts_*_e_adapt): dual averaging plus metric windows, bit-for-bit.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stan's adaptation: dual averaging of the step size every iteration; at each window end of the
/// ``WarmupSchedule`` the metric is re-estimated (regularised Welford), the step size is
/// re-initialised with `init_stepsize`, μ is set to log(10 ε) and dual averaging restarts.
/// After warmup the step size is exp(x̄).
struct StanWindowedWarmup<M: Metric>: WarmupAdapter {
    let adapting: Bool
    var dual: DualAveraging
    let schedule: WarmupSchedule
    var accumulator: M.Accumulator
    var updates = 0

    init(configuration config: SamplerConfiguration, metric: M) {
        adapting = config.adapt && config.warmup > 0
        dual = DualAveraging(targetAcceptance: config.adaptDelta, gamma: config.gamma, kappa: config.kappa,
                             t0: config.t0, mu: log(10 * config.initialStepSize))
        schedule = WarmupSchedule(warmup: config.warmup, initBuffer: config.initBuffer,
                                  termBuffer: config.termBuffer, baseWindow: config.baseWindow)
        accumulator = metric.makeAccumulator()
    }

    mutating func begin<E: LogDensityEvaluator>(kernel: inout NUTSKernel<M>, state: PhasePoint, evaluator: E,
                                                rng: inout ChainRNG) throws {
        if adapting { try kernel.initializeStepSize(from: state, evaluator: evaluator, rng: &rng) }
    }

    mutating func afterTransition<E: LogDensityEvaluator>(
        iteration: Int, info: TransitionInfo, state: PhasePoint, kernel: inout NUTSKernel<M>, evaluator: E,
        rng: inout ChainRNG
    ) throws {
        guard adapting else { return }
        kernel.stepSize = dual.learn(acceptStat: info.acceptStat)
        if schedule.collects(iteration) { accumulator.add(state.position) }
        if schedule.endsWindow(iteration) {
            try kernel.metric.adapt(from: accumulator)
            updates += 1
            accumulator.restart()
            try kernel.initializeStepSize(from: state, evaluator: evaluator, rng: &rng)
            dual.mu = log(10 * kernel.stepSize)
            dual.restart()
        }
    }

    mutating func end(kernel: inout NUTSKernel<M>) {
        if adapting { kernel.stepSize = dual.finalStepSize }
    }

    var report: AdaptationReport {
        AdaptationReport(adaptation: adapting ? .stan : nil, metricUpdates: updates,
                         drawsInLastEstimate: schedule.windows.last?.count ?? 0)
    }
}
