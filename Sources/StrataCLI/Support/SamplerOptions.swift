// Command-line options shared by the commands that run NUTS.
import ArgumentParser
import Strata

/// NUTS settings as CmdStan names them.
struct SamplerOptions: ParsableArguments {
    @Option(help: "Number of chains.") var chains = SamplerDefaults.chains
    @Option(help: "Warmup (adaptation) iterations per chain.") var warmup = SamplerDefaults.warmup
    @Option(help: "Kept iterations per chain.") var samples = SamplerDefaults.samples
    @Option(help: "Random seed (chain c uses stream (seed, c)).") var seed: UInt64 = SamplerDefaults.seed
    @Option(help: "Mass matrix: unit, diag or dense.") var metric: String = "diag"
    @Option(name: .customLong("adapt-delta"), help: "Target acceptance statistic.") var adaptDelta = SamplerDefaults.adaptDelta
    @Option(name: .customLong("max-depth"), help: "Maximum tree depth.") var maxDepth = SamplerDefaults.maxDepth
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @Option(help: "Keep every n-th draw.") var thin = SamplerDefaults.thin

    /// The sampler configuration these options describe.
    func configuration() throws -> SamplerConfiguration {
        var c = SamplerConfiguration()
        c.chains = chains; c.warmup = warmup; c.samples = samples; c.seed = seed
        c.adaptDelta = adaptDelta; c.maxDepth = maxDepth; c.thin = thin
        if let threads { c.threads = threads }
        switch metric {
        case "unit", "unit_e": c.metric = .unit
        case "diag", "diag_e", "diagonal": c.metric = .diagonal
        case "dense", "dense_e": c.metric = .dense
        default: throw ValidationError("--metric must be unit, diag or dense (got '\(metric)')")
        }
        return c
    }
}
