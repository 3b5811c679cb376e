// Runs all chains concurrently on a bounded number of worker threads, reproducibly.
import Dispatch
import StrataCore
import StrataLinearAlgebra

/// Runs NUTS chains concurrently.
///
/// `threads` workers (at most one per chain) take chains from a shared queue. Chain `c` always
/// uses `ChainRNG(seed: seed, chain: firstChain + c)` and its own evaluator and workspace, so every chain's draws
/// are bit-identical whatever the thread count or scheduling (Stan's `parallel_match_test`).
/// OpenBLAS is limited to one thread while chains run, to avoid oversubscription.
public struct MultiChainRunner: Sendable {
    /// The run settings.
    public var configuration: SamplerConfiguration

    /// Creates a runner.
    public init(configuration: SamplerConfiguration = SamplerConfiguration()) {
        self.configuration = configuration
    }

    /// Runs every chain and returns their results in chain order.
    ///
    /// - Parameters:
    ///   - model: the log density to sample.
    ///   - sinks: none, one shared sink (must be thread-safe), or one sink per chain.
    ///   - interrupt: when requested, every chain stops after its current iteration and the draws made
    ///     so far are returned (with ``ChainResult/wasInterrupted`` set).
    ///   - progress: called from chain threads once per iteration.
    ///   - checkpoint: when set, chains save their state when it asks and when stopped, and continue from
    ///     the states it holds (a resumed run).
    /// - Returns: one ``ChainResult`` per chain.
    /// - Throws: ``SamplerError`` for a bad configuration, or the error of the lowest-numbered chain
    ///   that failed (the other chains are stopped early).
    public func run<Model: LogDensityModel>(
        model: Model, sinks: [any DrawSink] = [], interrupt: InterruptFlag? = nil, progress: ProgressCallback? = nil,
        checkpoint: CheckpointCoordinator? = nil
    ) throws -> [ChainResult] {
        let config = configuration
        try config.validate(dimension: model.dimension)
        guard sinks.isEmpty || sinks.count == 1 || sinks.count == config.chains else {
            throw SamplerError.invalidConfiguration("sinks must hold 0, 1 or \(config.chains) sinks (got \(sinks.count))")
        }
        let workers = min(config.threads, config.chains)
        let previousBLASThreads = BLAS.threadCount
        BLAS.setThreadCount(1)
        defer { BLAS.setThreadCount(previousBLASThreads) }

        let failure = InterruptFlag()
        let board = ResultBoard(chains: config.chains)
        let shouldStop: () -> Bool = { failure.isRequested || (interrupt?.isRequested ?? false) }
        let runOne: (Int) -> Void = { chain in
            let sink: (any DrawSink)? = sinks.isEmpty ? nil : sinks[sinks.count == 1 ? 0 : chain]
            let runner = ChainRunner(model: model, configuration: config, chain: chain, sink: sink,
                                     progress: progress, checkpoint: checkpoint, shouldStop: shouldStop)
            do {
                board.store(try MultiChainRunner.runChain(runner, configuration: config, dimension: model.dimension),
                            chain: chain)
            } catch {
                board.store(error: MultiChainRunner.attribute(error, to: config.firstChain + chain), chain: chain)
                failure.request()
            }
        }
        if workers == 1 {
            for chain in 0..<config.chains { runOne(chain) }
        } else {
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let chain = board.nextChain() { runOne(chain) }
            }
        }
        return try board.collect()
    }

    /// Picks the concrete metric type, so the chain's NUTS kernel is specialised on it.
    private static func runChain<Model>(_ runner: ChainRunner<Model>, configuration: SamplerConfiguration,
                                        dimension: Int) throws -> ChainResult {
        switch (configuration.metric, configuration.initialInverseMetric) {
        case (.unit, _):
            return try run(runner, UnitMetric(dimension: dimension))
        case let (.diagonal, .diagonal(values)?):
            return try run(runner, DiagonalMetric(inverseDiagonal: values))
        case (.diagonal, _):
            return try run(runner, DiagonalMetric(dimension: dimension))
        case let (.dense, .dense(matrix)?):
            return try run(runner, DenseMetric(inverse: matrix))
        case (.dense, _):
            return try run(runner, DenseMetric(dimension: dimension))
        case let (.lowRank, .lowRank(factors)?):
            return try run(runner, LowRankMetric(factors: factors))
        case let (.lowRank, .diagonal(values)?):
            var metric = LowRankMetric(dimension: dimension)
            try metric.setInverseDiagonal(values)
            return try run(runner, metric)
        case (.lowRank, _):
            return try run(runner, LowRankMetric(dimension: dimension))
        }
    }

    /// Picks the warmup adaptation.
    private static func run<Model, M: FisherAdaptableMetric>(_ runner: ChainRunner<Model>, _ metric: M) throws
        -> ChainResult {
        switch runner.configuration.adaptation {
        case .stan:
            return try runner.run(metric: metric, adapter: StanWindowedWarmup(configuration: runner.configuration,
                                                                              metric: metric))
        case .fisher:
            return try runner.run(metric: metric, adapter: FisherWarmup(configuration: runner.configuration,
                                                                        metric: metric))
        }
    }

    /// Wraps an error so that its message names the chain.
    private static func attribute(_ error: Error, to chain: Int) -> Error {
        switch error {
        case SamplerError.initializationFailed, SamplerError.chainFailed: return error
        default: return SamplerError.chainFailed(chain: chain, message: "\(error)")
        }
    }
}

/// Thread-safe bookkeeping of which chain runs next and what each chain returned.
private final class ResultBoard: @unchecked Sendable {
    private let lock = PthreadLock()
    private var next = 0
    private let chains: Int
    private var results: [ChainResult?]
    private var errors: [Error?]

    init(chains: Int) {
        self.chains = chains
        results = Array(repeating: nil, count: chains)
        errors = Array(repeating: nil, count: chains)
    }

    func nextChain() -> Int? {
        lock.withLock {
            guard next < chains else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func store(_ result: ChainResult, chain: Int) { lock.withLock { results[chain] = result } }
    func store(error: Error, chain: Int) { lock.withLock { errors[chain] = error } }

    func collect() throws -> [ChainResult] {
        try lock.withLock {
            if let error = errors.compactMap({ $0 }).first { throw error }
            return results.map { $0! }
        }
    }
}
