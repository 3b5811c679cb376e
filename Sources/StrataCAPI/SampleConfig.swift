// The Swift mirror of the C `strata_sample_config` struct, its defaults and its conversion to a
// validated SamplerConfiguration.
import Strata

/// Mirror of `strata_sample_config` in `strata.h`: eight `Int32` fields, then `seed` at byte
/// offset 32 and `adaptDelta` at 40 (48 bytes). Swift lays out these trivial fields in
/// declaration order with natural alignment, exactly as C does; the tests check every offset.
public struct StrataSampleConfig: Equatable, Sendable {
    /// Number of chains.
    public var chains: Int32
    /// Warmup iterations per chain.
    public var warmup: Int32
    /// Sampling iterations per chain.
    public var samples: Int32
    /// Keep every `thin`-th sampling iteration.
    public var thin: Int32
    /// Maximum tree depth (1...30).
    public var maxDepth: Int32
    /// 0 unit, 1 diagonal, 2 dense, 3 diagonal plus low rank (Fisher adaptation).
    public var metric: Int32
    /// Worker threads; 0 means one per core.
    public var threads: Int32
    /// 0: no adaptation; 1: adapt step size and metric with the default adaptation; 2: Stan's windowed
    /// adaptation; 3: the Fisher-divergence adaptation (nutpie's).
    public var adapt: Int32
    /// Run seed (chain `c` uses `ChainRNG(seed: seed, chain: c)`).
    public var seed: UInt64
    /// Target acceptance statistic in (0, 1).
    public var adaptDelta: Double

    /// Stan's defaults (``SamplerDefaults``): 4 chains of 1000 + 1000 iterations, diagonal metric,
    /// δ = 0.8, depth 10, seed 1234, one thread per core.
    public init() {
        chains = Int32(SamplerDefaults.chains)
        warmup = Int32(SamplerDefaults.warmup)
        samples = Int32(SamplerDefaults.samples)
        thin = Int32(SamplerDefaults.thin)
        maxDepth = Int32(SamplerDefaults.maxDepth)
        metric = 1
        threads = 0
        adapt = 1
        seed = SamplerDefaults.seed
        adaptDelta = SamplerDefaults.adaptDelta
    }

    /// The engine's configuration for a model of `dimension` parameters.
    /// - Throws: ``CAPIFailure`` naming the `config->field` at fault.
    func samplerConfiguration(dimension: Int) throws -> SamplerConfiguration {
        func bad(_ field: String, _ problem: String) -> CAPIFailure {
            CAPIFailure.argument("config->\(field)", problem)
        }
        var c = SamplerConfiguration()
        guard chains >= 1 else { throw bad("chains", "is \(chains); it must be at least 1") }
        guard warmup >= 0 else { throw bad("warmup", "is \(warmup); it must be >= 0") }
        guard samples >= 0 else { throw bad("samples", "is \(samples); it must be >= 0") }
        guard thin >= 1 else { throw bad("thin", "is \(thin); it must be at least 1") }
        guard (1...30).contains(maxDepth) else { throw bad("max_depth", "is \(maxDepth); it must be in 1...30") }
        guard threads >= 0 else { throw bad("threads", "is \(threads); it must be >= 0 (0 = one per core)") }
        guard adaptDelta > 0 && adaptDelta < 1 else { throw bad("adapt_delta", "is \(adaptDelta); it must be in (0, 1)") }
        switch metric {
        case 0: c.metric = .unit
        case 1: c.metric = .diagonal
        case 2: c.metric = .dense
        case 3: c.metric = .lowRank
        default: throw bad("metric", "is \(metric); it must be 0 (unit), 1 (diagonal), 2 (dense) or 3 (low rank)")
        }
        switch adapt {
        case 0, 1: c.adaptation = c.metric == .lowRank ? .fisher : SamplerDefaults.adaptation
        case 2: c.adaptation = .stan
        case 3: c.adaptation = .fisher
        default: throw bad("adapt", "is \(adapt); it must be 0 (none), 1 (default), 2 (Stan's windowed) or 3 (Fisher)")
        }
        if c.metric == .lowRank && c.adaptation == .stan {
            throw bad("metric", "is 3 (low rank), which is estimated from gradients: use adapt 1 or 3 (Fisher), not 2")
        }
        c.chains = Int(chains)
        c.warmup = Int(warmup)
        c.samples = Int(samples)
        c.thin = Int(thin)
        c.maxDepth = Int(maxDepth)
        c.threads = threads == 0 ? SamplerConfiguration.availableCores : Int(threads)
        c.adapt = adapt != 0
        c.seed = seed
        c.adaptDelta = adaptDelta
        try c.validate(dimension: dimension)
        return c
    }

    /// Kept sampling draws per chain: ceil(samples / thin).
    var keptPerChain: Int { (Int(max(samples, 0)) + Int(max(thin, 1)) - 1) / Int(max(thin, 1)) }
}

/// Reads a C `strata_sample_config` (NULL is reported as an invalid `config`).
func readConfig(_ pointer: UnsafeRawPointer?) throws -> StrataSampleConfig {
    guard let pointer else { throw CAPIFailure.argument("config", "is NULL") }
    return pointer.loadUnaligned(as: StrataSampleConfig.self)
}

/// Fills a `strata_sample_config` with the defaults; NULL is ignored.
@_cdecl("strata_sample_config_default")
public func strata_sample_config_default(_ config: UnsafeMutableRawPointer?) {
    config?.storeBytes(of: StrataSampleConfig(), as: StrataSampleConfig.self)
}
