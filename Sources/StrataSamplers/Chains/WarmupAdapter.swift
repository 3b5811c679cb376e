// The warmup-adaptation interface a chain drives (Stan's windowed scheme or nutpie's Fisher scheme).
import StrataCore

/// What warmup adapted, as reported with the chain's result and in the CSV adaptation block.
public struct AdaptationReport: Equatable, Sendable {
    /// The algorithm, or nil when nothing was adapted (no warmup, or adaptation off).
    public var adaptation: AdaptationKind?
    /// How many times the metric was re-estimated.
    public var metricUpdates: Int
    /// Draws behind the last metric estimate.
    public var drawsInLastEstimate: Int

    /// Creates a report.
    public init(adaptation: AdaptationKind?, metricUpdates: Int, drawsInLastEstimate: Int) {
        self.adaptation = adaptation; self.metricUpdates = metricUpdates; self.drawsInLastEstimate = drawsInLastEstimate
    }
}

/// Adapts a chain's step size and metric during warmup.
protocol WarmupAdapter: Codable {
    /// The metric being adapted.
    associatedtype M: Metric

    /// Called once at the initial point, before the first warmup transition.
    mutating func begin<E: LogDensityEvaluator>(kernel: inout NUTSKernel<M>, state: PhasePoint, evaluator: E,
                                                rng: inout ChainRNG) throws

    /// Called after warmup transition `iteration` (0-based) reached `state`.
    mutating func afterTransition<E: LogDensityEvaluator>(
        iteration: Int, info: TransitionInfo, state: PhasePoint, kernel: inout NUTSKernel<M>, evaluator: E,
        rng: inout ChainRNG) throws

    /// Called after the last warmup transition: sets the sampling step size.
    mutating func end(kernel: inout NUTSKernel<M>)

    /// What was adapted.
    var report: AdaptationReport { get }
}
