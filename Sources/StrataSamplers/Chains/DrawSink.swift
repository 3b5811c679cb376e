// Output callbacks: where each chain sends its draws, adaptation result and progress.
import Foundation

/// Receives a chain's draws as they are made (Stan's `writer` callbacks).
///
/// Called from the chain's own thread; an implementation shared between chains must be
/// thread-safe (one sink per chain is simplest).
public protocol DrawSink: AnyObject {
    /// One kept iteration.
    /// - Parameters:
    ///   - chain: 0-based chain index.
    ///   - iteration: 0-based iteration within its phase (warmup or sampling).
    ///   - isWarmup: whether this is a warmup iteration (sent only when warmup draws are saved).
    ///   - outputs: constrained values in the order of the model's `outputNames`.
    ///   - info: sampler statistics of the transition.
    func record(chain: Int, iteration: Int, isWarmup: Bool, outputs: [Double], info: TransitionInfo)

    /// Warmup finished with this step size and inverse metric (Stan writes them as CSV comments).
    func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric)

    /// The chain's thread started it (a chain may wait for a free worker; its timing starts here).
    func chainStarted(chain: Int)

    /// The chain ended (all its iterations done, or interrupted).
    func chainFinished(chain: Int)

    /// Warmup finished: step size, inverse metric and what the adaptation did. The default
    /// forwards to ``adaptationFinished(chain:stepSize:inverseMetric:)``.
    func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric, report: AdaptationReport)

    /// The sink's own state at a checkpoint (called between iterations, after every draw so far was
    /// recorded): what a resumed run needs to continue the output, e.g. the bytes its file holds.
    /// Nil (the default) when the sink cannot be resumed.
    func checkpointState() throws -> Data?
}

public extension DrawSink {
    /// Default: nothing to save.
    func checkpointState() throws -> Data? { nil }
    /// Default: ignore the start.
    func chainStarted(chain: Int) {}
    /// Default: ignore the end.
    func chainFinished(chain: Int) {}

    /// Default: ignore the adaptation result.
    func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric) {}

    /// Default: forward without the report.
    func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric, report: AdaptationReport) {
        adaptationFinished(chain: chain, stepSize: stepSize, inverseMetric: inverseMetric)
    }
}

/// The phase a chain is in.
public enum SamplerPhase: String, Sendable, Codable {
    /// Warmup (adaptation).
    case warmup
    /// Sampling.
    case sampling
}

/// A progress report, sent once per iteration.
public struct ProgressReport: Sendable {
    /// 0-based chain index.
    public var chain: Int
    /// 0-based iteration within the phase.
    public var iteration: Int
    /// Number of iterations in this phase.
    public var phaseIterations: Int
    /// Current phase.
    public var phase: SamplerPhase
    /// Step size of the last transition.
    public var stepSize: Double
    /// Divergent transitions so far in this phase.
    public var divergences: Int
    /// Leapfrog steps so far in the chain (warmup and sampling).
    public var leapfrogs: Int

    /// Creates a report.
    public init(chain: Int, iteration: Int, phaseIterations: Int, phase: SamplerPhase, stepSize: Double,
                divergences: Int, leapfrogs: Int = 0) {
        self.chain = chain; self.iteration = iteration; self.phaseIterations = phaseIterations
        self.phase = phase; self.stepSize = stepSize; self.divergences = divergences; self.leapfrogs = leapfrogs
    }
}

/// Progress callback; called from chain threads, so it must be thread-safe.
public typealias ProgressCallback = @Sendable (ProgressReport) -> Void
