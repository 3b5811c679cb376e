// What one chain returns in memory: kept draws, per-draw statistics and the adapted tuning.

/// The in-memory result of one chain.
public struct ChainResult: Sendable {
    /// 0-based chain index.
    public let chain: Int
    /// Names of the output columns (the model's `outputNames`).
    public let outputNames: [String]
    /// Kept sampling draws, row-major: draw `i`, output `j` is at `i * outputNames.count + j`.
    public internal(set) var draws: [Double] = []
    /// Statistics of each kept sampling draw.
    public internal(set) var stats: [TransitionInfo] = []
    /// Kept warmup draws (only when warmup is saved), row-major like ``draws``.
    public internal(set) var warmupDraws: [Double] = []
    /// Statistics of each kept warmup draw (only when warmup is saved).
    public internal(set) var warmupStats: [TransitionInfo] = []
    /// The step size used for sampling.
    public internal(set) var stepSize: Double = .nan
    /// The inverse metric used for sampling.
    public internal(set) var inverseMetric: InverseMetric
    /// What warmup adapted.
    public internal(set) var adaptation = AdaptationReport(adaptation: nil, metricUpdates: 0, drawsInLastEstimate: 0)
    /// Whether the chain stopped early because of an interrupt.
    public internal(set) var wasInterrupted = false
    /// Random initial points drawn and set aside because Stan's step-size search ended below
    /// ``SamplerDefaults/screenedStepSize`` there (a finite but hopeless point), in the order drawn.
    public internal(set) var setAsideInitialPoints: [SetAsideInitialPoint] = []
    /// The chain's 1-based id in the whole run (differs from `chain + 1` in a piece of a split run, `--chain-ids`).
    public internal(set) var runChainId = 0

    /// An empty result.
    public init(chain: Int, outputNames: [String], inverseMetric: InverseMetric) {
        self.chain = chain; self.outputNames = outputNames; self.inverseMetric = inverseMetric
    }

    /// Number of kept sampling draws.
    public var drawCount: Int { stats.count }

    /// The outputs of kept sampling draw `i`.
    public func draw(_ i: Int) -> ArraySlice<Double> {
        let k = outputNames.count
        return draws[(i * k)..<((i + 1) * k)]
    }

    /// All kept sampling values of output column `j`.
    public func values(ofOutput j: Int) -> [Double] {
        let k = outputNames.count
        return (0..<drawCount).map { draws[$0 * k + j] }
    }

    /// All kept sampling values of the named output, or nil if there is no such column.
    public func values(of name: String) -> [Double]? {
        outputNames.firstIndex(of: name).map { values(ofOutput: $0) }
    }

    /// Number of divergent kept sampling transitions.
    public var divergenceCount: Int { stats.reduce(0) { $0 + ($1.isDivergent ? 1 : 0) } }

    /// Total leapfrog steps over the kept sampling transitions.
    public var leapfrogTotal: Int { stats.reduce(0) { $0 + $1.leapfrogCount } }
}

/// A random initial point the chain did not start from: its log density and the step size Stan's search found there.
public struct SetAsideInitialPoint: Sendable, Equatable {
    public let logDensity: Double
    public let stepSize: Double
}
