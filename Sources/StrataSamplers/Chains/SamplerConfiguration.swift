// All NUTS run settings in one value (chains, iterations, seed, metric, adaptation), with validation.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which Euclidean metric NUTS uses (and adapts during warmup).
public enum MetricKind: String, Sendable, CaseIterable {
    /// Identity metric, never adapted (`unit_e`).
    case unit
    /// Diagonal metric adapted from windowed variances (`diag_e`, Stan's default).
    case diagonal
    /// Dense metric adapted from windowed covariances (`dense_e`).
    case dense
    /// Diagonal plus low-rank metric (nutpie's low-rank correction), O(d k) storage; needs
    /// ``AdaptationKind/fisher``.
    case lowRank = "lowrank"
}

/// How warmup adapts the metric.
public enum AdaptationKind: String, Sendable, CaseIterable {
    /// Stan's windowed adaptation: metric from the variances (covariances) of the draws in doubling
    /// windows, step size re-initialised after each window. Bit-for-bit Stan's algorithm.
    case stan
    /// nutpie's adaptation: metric minimising a Fisher divergence, estimated from draws and
    /// gradients, updated after every warmup draw from windows that switch early and often; the
    /// step size keeps adapting by dual averaging.
    case fisher
}

/// Settings of a NUTS run; defaults come from ``SamplerDefaults`` and match Stan.
public struct SamplerConfiguration: Sendable {
    /// Number of chains.
    public var chains = SamplerDefaults.chains
    /// Run-wide index of the first chain (0-based): chain `c` of this process is chain `firstChain + c` of a
    /// larger run split over processes, with that chain's random streams, so the pieces together give
    /// exactly the draws of one run with `firstChain + chains` (or more) chains.
    public var firstChain = 0
    /// Warmup iterations per chain.
    public var warmup = SamplerDefaults.warmup
    /// Sampling iterations per chain.
    public var samples = SamplerDefaults.samples
    /// Run seed; chain `c` uses `ChainRNG(seed: seed, chain: c)`.
    public var seed = SamplerDefaults.seed
    /// Keep every `thin`-th iteration.
    public var thin = SamplerDefaults.thin
    /// Metric kind.
    public var metric = MetricKind.diagonal
    /// Metric adaptation algorithm (see ``SamplerDefaults/adaptation`` for the default and why).
    public var adaptation = SamplerDefaults.adaptation
    /// Schedule of the Fisher adaptation.
    public var fisher = FisherScheduleSettings()
    /// Settings of the low-rank metric.
    public var lowRank = LowRankSettings()
    /// Target acceptance statistic δ.
    public var adaptDelta = SamplerDefaults.adaptDelta
    /// Dual-averaging γ.
    public var gamma = SamplerDefaults.gamma
    /// Dual-averaging κ.
    public var kappa = SamplerDefaults.kappa
    /// Dual-averaging t0.
    public var t0 = SamplerDefaults.t0
    /// Windowed adaptation init buffer.
    public var initBuffer = SamplerDefaults.initBuffer
    /// Windowed adaptation term buffer.
    public var termBuffer = SamplerDefaults.termBuffer
    /// Windowed adaptation base window.
    public var baseWindow = SamplerDefaults.baseWindow
    /// Whether warmup adapts step size and metric (Stan's `adapt engaged`).
    public var adapt = true
    /// Step size before the initial `init_stepsize` search.
    public var initialStepSize = SamplerDefaults.initialStepSize
    /// Maximum tree depth.
    public var maxDepth = SamplerDefaults.maxDepth
    /// Random inits are uniform on (-initRadius, initRadius) in the unconstrained space.
    public var initRadius = SamplerDefaults.initRadius
    /// Initial unconstrained points: empty (random), one (used by every chain) or one per chain.
    public var inits: [[Double]] = []
    /// Worker threads running chains concurrently (at most `chains`).
    public var threads = SamplerConfiguration.availableCores
    /// Whether warmup draws are sent to sinks and kept in results.
    public var saveWarmup = false
    /// Whether kept draws are also held in memory in each ``ChainResult`` (false: only sinks see them, and
    /// memory stays O(parameters) per chain).
    public var keepDraws = true
    /// Starting inverse metric (Stan's `metric_file`); nil starts from the identity. Its case must
    /// match ``metric`` (`.diagonal` for `.diagonal`, `.dense` for `.dense`).
    public var initialInverseMetric: InverseMetric?

    /// A configuration with Stan's defaults.
    public init() {}

    /// Number of online processors (at least 1).
    public static var availableCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Checks every setting against `dimension` unconstrained parameters.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` naming the first bad setting.
    public func validate(dimension: Int) throws {
        func fail(_ m: String) -> SamplerError { .invalidConfiguration(m) }
        guard dimension > 0 else { throw fail("the model has no parameters to sample") }
        guard chains >= 1 else { throw fail("chains must be at least 1 (got \(chains))") }
        guard firstChain >= 0 else { throw fail("firstChain must be non-negative (got \(firstChain))") }
        guard warmup >= 0 else { throw fail("warmup must be non-negative (got \(warmup))") }
        guard samples >= 0 else { throw fail("samples must be non-negative (got \(samples))") }
        guard thin >= 1 else { throw fail("thin must be at least 1 (got \(thin))") }
        guard adaptDelta > 0 && adaptDelta < 1 else { throw fail("adaptDelta must be in (0, 1) (got \(adaptDelta))") }
        guard gamma > 0, kappa > 0, t0 > 0 else { throw fail("gamma, kappa and t0 must be positive") }
        guard initBuffer >= 0, termBuffer >= 0, baseWindow >= 0 else {
            throw fail("initBuffer, termBuffer and baseWindow must be non-negative")
        }
        guard initialStepSize > 0 && initialStepSize.isFinite else {
            throw fail("initialStepSize must be positive and finite (got \(initialStepSize))")
        }
        guard maxDepth >= 1 && maxDepth <= 30 else { throw fail("maxDepth must be in 1...30 (got \(maxDepth))") }
        guard initRadius >= 0 && initRadius.isFinite else { throw fail("initRadius must be >= 0 (got \(initRadius))") }
        guard threads >= 1 else { throw fail("threads must be at least 1 (got \(threads))") }
        guard inits.isEmpty || inits.count == 1 || inits.count == chains else {
            throw fail("inits must hold 0, 1 or \(chains) points (got \(inits.count))")
        }
        if metric == .lowRank && adaptation != .fisher && initialInverseMetric == nil && adapt && warmup > 0 {
            throw fail("the low-rank metric is adapted from gradients: use adaptation fisher (not stan)")
        }
        try fisher.validate()
        try lowRank.validate()
        switch (metric, initialInverseMetric) {
        case (_, nil): break
        case let (.lowRank, .lowRank(m)) where m.dimension == dimension: break
        case let (.lowRank, .diagonal(v)) where v.count == dimension: break
        case let (.unit, .unit(n)) where n == dimension: break
        case let (.diagonal, .diagonal(v)) where v.count == dimension: break
        case let (.dense, .dense(m)) where m.rows == dimension && m.columns == dimension: break
        default:
            throw fail("initialInverseMetric must be a \(metric.rawValue) metric of dimension \(dimension)")
        }
        for (i, x) in inits.enumerated() where x.count != dimension {
            throw fail("init \(i + 1) has \(x.count) values, expected \(dimension) unconstrained parameters")
        }
    }

    /// The user-supplied init for `chain` (0-based within this process), if any.
    public func initialPoint(forChain chain: Int) -> [Double]? {
        if inits.isEmpty { return nil }
        return inits.count == 1 ? inits[0] : inits[chain]
    }
}
