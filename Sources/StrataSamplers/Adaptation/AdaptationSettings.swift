// Settings of the Fisher-divergence adaptation schedule and of the low-rank metric (nuts-rs defaults).

/// When the Fisher adaptation switches estimation windows (the defaults are nutpie's).
///
/// Warmup has three phases: an early phase (the first `earlyFraction` of warmup) in which the
/// estimation window switches every `earlySwitchDraws` draws; a main phase whose windows start at
/// `firstWindowDraws` draws and grow by `windowGrowth` after each switch; and a final phase (the
/// last `finalFraction`) in which the metric is fixed and only the step size adapts. The metric is
/// re-estimated after every draw from all draws since the switch before last.
public struct FisherScheduleSettings: Sendable, Equatable, Codable {
    /// Fraction of warmup with early (frequent) window switches (nuts-rs: 0.3).
    public var earlyFraction = 0.3
    /// Fraction of warmup at the end with a fixed metric (nuts-rs: 0.15).
    public var finalFraction = 0.15
    /// Draws between switches in the early phase (nuts-rs: 10).
    public var earlySwitchDraws = 10
    /// First main-phase window (nuts-rs: 80 draws).
    public var firstWindowDraws = 80
    /// Growth factor of main-phase windows (nuts-rs: 1.5).
    public var windowGrowth = 1.5
    /// Largest step size dual averaging may propose (nuts-rs: π).
    public var maxStepSize = Double.pi

    /// nutpie's schedule.
    public init() {}

    /// Checks the settings.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` naming the bad field.
    public func validate() throws {
        func fail(_ m: String) -> SamplerError { .invalidConfiguration("fisher schedule: " + m) }
        guard earlyFraction >= 0, finalFraction >= 0, earlyFraction + finalFraction < 1 else {
            throw fail("earlyFraction and finalFraction must be >= 0 with a sum below 1")
        }
        guard earlySwitchDraws >= 1, firstWindowDraws >= 1 else { throw fail("window sizes must be at least 1") }
        guard windowGrowth >= 1 else { throw fail("windowGrowth must be >= 1 (got \(windowGrowth))") }
        guard maxStepSize > 0 else { throw fail("maxStepSize must be positive") }
    }
}

/// Settings of the diagonal-plus-low-rank metric (nutpie's `low_rank_modified_mass_matrix`).
public struct LowRankSettings: Sendable, Equatable, Codable {
    /// Keep eigen-directions whose eigenvalue λ (relative to the diagonal) has λ > cutoff or
    /// λ < 1/cutoff (nuts-rs: 2).
    public var eigenvalueCutoff = 2.0
    /// At most this many directions, the most extreme |log λ| first. nuts-rs has no explicit cap
    /// (the rank is bounded by twice the window's draw count); this one bounds memory at O(d k).
    public var maxRank = 100
    /// Ridge added to the projected draw and gradient scatter matrices (nuts-rs's gamma: 1e-5).
    public var ridge = 1e-5
    /// Re-estimate the low-rank part every this many warmup draws (and at every window switch);
    /// each estimate costs O(d n²) for n draws in the window.
    public var updateInterval = 10
    /// Above this d n² (d coordinates, n draws in the window) the estimate is redone only at window
    /// switches, so its O(d n²) cost stays small next to the gradients (10⁹: about 0.2 s per estimate).
    public var frequentUpdateCost = 1e9

    /// nuts-rs's defaults (plus the rank cap).
    public init() {}

    /// Checks the settings.
    /// - Throws: ``SamplerError/invalidConfiguration(_:)`` naming the bad field.
    public func validate() throws {
        func fail(_ m: String) -> SamplerError { .invalidConfiguration("low-rank metric: " + m) }
        guard eigenvalueCutoff > 1 else { throw fail("eigenvalue cutoff must be > 1 (got \(eigenvalueCutoff))") }
        guard maxRank >= 0 else { throw fail("maximum rank must be >= 0 (got \(maxRank))") }
        guard ridge > 0 else { throw fail("ridge must be positive (got \(ridge))") }
        guard updateInterval >= 1 else { throw fail("update interval must be at least 1 (got \(updateInterval))") }
    }
}
