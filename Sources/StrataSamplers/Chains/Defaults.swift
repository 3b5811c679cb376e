// Sampler defaults in one place, matching Stan's services/sample defaults and CmdStan's arguments.

/// Default sampler settings, equal to Stan's (`stan/services/sample/defaults.hpp`, CmdStan).
public enum SamplerDefaults {
    /// Number of chains (CmdStan `num_chains` as used by CmdStanPy/cmdstanr).
    public static let chains = 4
    /// Warmup iterations (`num_warmup`).
    public static let warmup = 1000
    /// Sampling iterations (`num_samples`).
    public static let samples = 1000
    /// Thinning period (`thin`).
    public static let thin = 1
    /// Initial step size before `init_stepsize` (`stepsize`).
    public static let initialStepSize = 1.0
    /// Target acceptance statistic δ (`adapt delta`).
    public static let adaptDelta = 0.8
    /// Dual-averaging γ (`adapt gamma`).
    public static let gamma = 0.05
    /// Dual-averaging κ (`adapt kappa`).
    public static let kappa = 0.75
    /// Dual-averaging t0 (`adapt t0`).
    public static let t0 = 10.0
    /// Initial fast adaptation buffer (`adapt init_buffer`).
    public static let initBuffer = 75
    /// Final fast adaptation buffer (`adapt term_buffer`).
    public static let termBuffer = 50
    /// First slow adaptation window (`adapt window`).
    public static let baseWindow = 25
    /// Maximum tree depth (`max_depth`).
    public static let maxDepth = 10
    /// Divergence threshold on the energy error (Stan's `max_deltaH`).
    public static let maxEnergyError = 1000.0
    /// Radius of uniform random inits on the unconstrained scale (`init=2`).
    public static let initRadius = 2.0
    /// Attempts at a random init with finite density and gradient (Stan's `MAX_INIT_TRIES`).
    public static let maxInitAttempts = 100
    /// Random initial points whose step-size search (Stan's `init_stepsize`) ends below this are set aside and
    /// another is drawn: at such a point (sir's epidemic that never takes off: lp -208,000, step size 1.2e-7 where
    /// ordinary points give 2e-3 to 4e-3) warmup cannot move and every iteration runs 1,023 leapfrogs.
    public static let screenedStepSize = 1e-6
    /// Initial points drawn at most by that screen (the chain then starts from the one with the largest step size).
    public static let initialPointScreenAttempts = 10
    /// Default metric adaptation: Stan's windowed adaptation. On `strata-bench sampler` (marginalisation on) it
    /// converges on 16 of 17 posteriordb posteriors; the Fisher adaptation gives more ESS per gradient (low rank:
    /// 5.1x, geometric mean) but converges on 15 (low rank) or 14 (diagonal): it diverges in gp_pois_regr's funnel.
    public static let adaptation = AdaptationKind.stan
    /// Default seed.
    public static let seed: UInt64 = 1234
}
