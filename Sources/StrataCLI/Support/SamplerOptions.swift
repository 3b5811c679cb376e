// Command-line options shared by the commands that run NUTS.
import ArgumentParser
import Strata

/// NUTS settings as CmdStan names them, plus the metric-adaptation choices.
struct SamplerOptions: ParsableArguments {
    @Option(help: "Number of chains.") var chains = SamplerDefaults.chains
    @Option(help: "Warmup (adaptation) iterations per chain.") var warmup = SamplerDefaults.warmup
    @Option(help: "Kept iterations per chain.") var samples = SamplerDefaults.samples
    @Option(help: "Random seed (chain c uses stream (seed, c)).") var seed: UInt64 = SamplerDefaults.seed
    @Option(help: ArgumentHelp("Metric (mass matrix): diag, dense, lowrank (diagonal plus low-rank correction, O(d k)) or unit.",
                               discussion: "Default: diag, adapted by stan (see --adaptation for why). lowrank (with fisher) is "
                                   + "the fastest on correlated posteriors without funnels: 5.1x the ESS per gradient of the default "
                                   + "on posteriordb (geometric mean), but it does not converge on gp_pois_regr."))
    var metric: String = "diag"
    @Option(help: ArgumentHelp(
        "Metric adaptation: stan (default: Stan's windowed variance adaptation, bit-for-bit) or fisher (nutpie's "
            + "estimate from warmup draws and gradients, updated early and often).",
        discussion: "Default: stan, because it is the setting that converges on the most posteriors of `strata-bench sampler` "
            + "(README, Measured: 16 of 17 posteriordb posteriors against 15 for fisher + lowrank and 14 for fisher + diag, "
            + "which diverge in gp_pois_regr's funnel), and with automatic marginalisation (the default) it already gives more "
            + "ESS per gradient than nutpie on the suite's hierarchical models. --metric lowrank implies fisher."))
    var adaptation: String?
    @Option(name: .customLong("lowrank-cutoff"), help: "Low-rank metric: keep directions with eigenvalue above c or below 1/c.")
    var lowRankCutoff = LowRankSettings().eigenvalueCutoff
    @Option(name: .customLong("lowrank-max-rank"), help: "Low-rank metric: at most this many directions.")
    var lowRankMaxRank = LowRankSettings().maxRank
    @Option(name: .customLong("lowrank-update-interval"), help: "Low-rank metric: re-estimate every n warmup draws.")
    var lowRankUpdateInterval = LowRankSettings().updateInterval
    @Option(name: .customLong("adapt-delta"), help: "Target acceptance statistic.") var adaptDelta = SamplerDefaults.adaptDelta
    @Option(name: .customLong("max-depth"), help: "Maximum tree depth.") var maxDepth = SamplerDefaults.maxDepth
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Option(name: .customLong("threads-per-chain"), help: ArgumentHelp(
        "Split each chain's log density and gradient over T threads (large models).",
        discussion: "Elementwise work over more than 4096 elements runs in fixed blocks of 4096 whose partial sums "
            + "are added in block order, so the draws are bit-identical for every T (they may differ in the last bits "
            + "from a run without the option, which sums tile by tile)."))
    var threadsPerChain: Int?
    @Option(help: "Keep every n-th draw.") var thin = SamplerDefaults.thin
    @Flag(name: .customLong("save-warmup"), help: ArgumentHelp(
        "Also write the warmup iterations (every n-th with --thin) to the CSV files, before the adaptation block, as CmdStan does.",
        discussion: "Summaries, plots and `strata generate` use the post-warmup draws only. Not with --output-format netcdf."))
    var saveWarmup = false

    /// Range checks at parse time, naming the option (exit 64 before any model is loaded).
    func validate() throws {
        func check(_ ok: Bool, _ option: String, _ rule: String, _ value: Any) throws {
            if !ok { throw ValidationError("--\(option) must be \(rule) (got \(value))") }
        }
        try check(chains >= 1, "chains", "at least 1", chains)
        try check(warmup >= 0, "warmup", "non-negative", warmup)
        try check(samples >= 0, "samples", "non-negative", samples)
        try check(thin >= 1, "thin", "at least 1", thin)
        try check(adaptDelta > 0 && adaptDelta < 1, "adapt-delta", "between 0 and 1 (exclusive)", adaptDelta)
        try check(maxDepth >= 1 && maxDepth <= 30, "max-depth", "between 1 and 30", maxDepth)
        if let threads { try check(threads >= 1, "threads", "at least 1", threads) }
        if let threadsPerChain { try check(threadsPerChain >= 1, "threads-per-chain", "at least 1", threadsPerChain) }
    }

    /// The metric kind named by `--metric`.
    func metricKind() throws -> MetricKind {
        switch metric {
        case "unit", "unit_e": return .unit
        case "diag", "diag_e", "diagonal": return .diagonal
        case "dense", "dense_e": return .dense
        case "lowrank", "low-rank", "lowrank_e": return .lowRank
        default: throw ValidationError("--metric must be diag, dense, lowrank or unit (got '\(metric)')")
        }
    }

    /// The sampler configuration these options describe.
    func configuration() throws -> SamplerConfiguration {
        var c = SamplerConfiguration()
        c.chains = chains; c.warmup = warmup; c.samples = samples; c.seed = seed
        c.adaptDelta = adaptDelta; c.maxDepth = maxDepth; c.thin = thin; c.saveWarmup = saveWarmup
        if let threads { c.threads = threads }
        c.metric = try metricKind()
        let kind: AdaptationKind
        if let adaptation {
            guard let k = AdaptationKind(rawValue: adaptation) else {
                throw ValidationError("--adaptation must be fisher or stan (got '\(adaptation)')")
            }
            kind = k
        } else {
            kind = c.metric == .lowRank ? .fisher : SamplerDefaults.adaptation
        }
        c.adaptation = kind
        if c.metric == .lowRank && kind == .stan {
            throw ValidationError("--metric lowrank is estimated from gradients: use it with --adaptation fisher")
        }
        c.lowRank.eigenvalueCutoff = lowRankCutoff
        c.lowRank.maxRank = lowRankMaxRank
        c.lowRank.updateInterval = lowRankUpdateInterval
        do { try c.lowRank.validate() } catch let error as SamplerError {
            throw ValidationError("--lowrank-*: \(error)")
        }
        return c
    }
}
