// nutpie's warmup: metric from draws and gradients (Fisher divergence), early and frequent updates.
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// nutpie's adaptation schedule (Seyboldt, Carlson & Carpenter; nuts-rs), written from its description.
///
/// - At the initial point the inverse metric is `1 / |gradient|` (unless one was supplied) and the
///   step size is found with `init_stepsize`.
/// - Until the final phase every warmup draw that moved (and did not diverge) is added with its
///   gradient to the estimator, and the metric is re-estimated from the draws since the switch
///   before last (every draw for the diagonal; at each switch and, while the estimate is cheap
///   (``LowRankSettings/frequentUpdateCost``), every ``LowRankSettings/updateInterval`` draws for the
///   low-rank and dense metrics). Windows switch every
///   ``FisherScheduleSettings/earlySwitchDraws`` draws in the early phase, then after windows that
///   grow by ``FisherScheduleSettings/windowGrowth``; no switch starts a window that would run into
///   the final phase.
/// - The step size adapts by dual averaging at every draw without restarting (the metric changes
///   smoothly); after the first metric estimate it is re-initialised once with `init_stepsize`.
/// - In the final phase the metric is fixed and only the step size adapts; sampling uses exp(x̄).
struct FisherWarmup<M: FisherAdaptableMetric>: WarmupAdapter {
    let adapting: Bool
    let settings: FisherScheduleSettings
    let lowRank: LowRankSettings
    let startFromGradient: Bool
    let earlyEnd: Int
    let finalPhaseStart: Int
    let dualTemplate: DualAveraging
    var dual: DualAveraging
    var estimator: M.FisherEstimator
    var windowSize: Int
    var lastUpdate = 0
    var updates = 0
    var awaitingFirstEstimate = true
    var previousPosition: [Double]

    init(configuration config: SamplerConfiguration, metric: M) {
        adapting = config.adapt && config.warmup > 0
        settings = config.fisher
        lowRank = config.lowRank
        startFromGradient = config.initialInverseMetric == nil
        earlyEnd = Int(settings.earlyFraction * Double(config.warmup))
        finalPhaseStart = config.warmup - Int(settings.finalFraction * Double(config.warmup))
        var template = DualAveraging(targetAcceptance: config.adaptDelta, gamma: config.gamma, kappa: config.kappa,
                                     t0: config.t0, mu: log(10 * config.initialStepSize))
        template.maxLogStepSize = log(config.fisher.maxStepSize)
        dualTemplate = template
        dual = template
        estimator = metric.makeFisherEstimator()
        windowSize = settings.firstWindowDraws
        previousPosition = [Double](repeating: .nan, count: metric.dimension)
    }

    mutating func begin<E: LogDensityEvaluator>(kernel: inout NUTSKernel<M>, state: PhasePoint, evaluator: E,
                                                rng: inout ChainRNG) throws {
        guard adapting else { return }
        if startFromGradient { try kernel.metric.initialize(fromGradient: state.gradient) }
        estimator.add(position: state.position, gradient: state.gradient)
        VectorKernels.copy(state.position, into: &previousPosition)
        try restartStepSize(&kernel, from: state, evaluator: evaluator, rng: &rng)
    }

    mutating func afterTransition<E: LogDensityEvaluator>(
        iteration i: Int, info: TransitionInfo, state: PhasePoint, kernel: inout NUTSKernel<M>, evaluator: E,
        rng: inout ChainRNG
    ) throws {
        guard adapting else { return }
        guard i < finalPhaseStart else {
            kernel.stepSize = dual.learn(acceptStat: info.acceptStat)
            return
        }
        let early = i < earlyEnd
        if i == earlyEnd { windowSize = max(windowSize, estimator.backgroundCount) }
        if !info.isDivergent && state.position != previousPosition {
            estimator.add(position: state.position, gradient: state.gradient)
        }
        VectorKernels.copy(state.position, into: &previousPosition)

        let switchSize = early ? settings.earlySwitchDraws : windowSize
        let nextSize = early ? settings.earlySwitchDraws
            : max(windowSize + 1, Int((Double(windowSize) * settings.windowGrowth).rounded()))
        let runsIntoFinalPhase = i + nextSize > finalPhaseStart
        var switched = false
        if estimator.backgroundCount >= switchSize && !runsIntoFinalPhase {
            estimator.switchWindow()
            switched = true
            if !early { windowSize = nextSize }
        }
        var changed = false
        if switched || i - lastUpdate >= kernel.metric.fisherUpdateInterval(lowRank, estimator: estimator) {
            changed = try kernel.metric.adaptFisher(from: estimator, settings: lowRank)
        }
        if changed { lastUpdate = i; updates += 1 }

        let proposed = dual.learn(acceptStat: info.acceptStat)
        if changed && awaitingFirstEstimate {
            awaitingFirstEstimate = false
            try restartStepSize(&kernel, from: state, evaluator: evaluator, rng: &rng)
        } else {
            kernel.stepSize = proposed
        }
    }

    /// `init_stepsize` from `state`, then dual averaging from scratch around it.
    private mutating func restartStepSize<E: LogDensityEvaluator>(
        _ kernel: inout NUTSKernel<M>, from state: PhasePoint, evaluator: E, rng: inout ChainRNG
    ) throws {
        try kernel.initializeStepSize(from: state, evaluator: evaluator, rng: &rng)
        kernel.stepSize = min(kernel.stepSize, settings.maxStepSize)
        dual = dualTemplate
        dual.mu = log(10 * kernel.stepSize)
    }

    mutating func end(kernel: inout NUTSKernel<M>) {
        if adapting { kernel.stepSize = dual.finalStepSize }
    }

    var report: AdaptationReport {
        AdaptationReport(adaptation: adapting ? .fisher : nil, metricUpdates: updates,
                         drawsInLastEstimate: estimator.count)
    }
}
