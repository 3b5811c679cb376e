// Nesterov dual averaging of log step size (Hoffman & Gelman 2014, section 3.2; Stan's stepsize_adaptation).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dual-averaging step-size adaptation toward a target acceptance statistic δ
/// (Hoffman & Gelman 2014, Alg. 5; Stan's `stepsize_adaptation::learn_stepsize`).
///
/// With `η = 1/(t + t0)`: `s̄ ← (1-η) s̄ + η (δ - min(1, a))`, `x = μ - s̄ √t / γ`,
/// `x̄ ← (1 - t^-κ) x̄ + t^-κ x`, next ε = exp(x); the final ε is exp(x̄).
public struct DualAveraging: Sendable, Codable {
    /// Target acceptance statistic δ.
    public var targetAcceptance: Double
    /// Regularisation scale γ.
    public var gamma: Double
    /// Relaxation exponent κ.
    public var kappa: Double
    /// Iteration offset t0.
    public var t0: Double
    /// Shrinkage target μ for log ε (Stan sets log(10 ε) after each step-size initialisation).
    public var mu: Double
    /// Upper bound on the proposed log ε (infinite in Stan; nutpie uses log π).
    public var maxLogStepSize = Double.infinity
    /// Number of updates since the last restart.
    public private(set) var counter: Int = 0
    /// Running average s̄ of `δ - a`.
    public private(set) var sBar: Double = 0
    /// Running weighted average x̄ of log ε.
    public private(set) var xBar: Double = 0

    /// Creates the adapter (Stan defaults δ = 0.8, γ = 0.05, κ = 0.75, t0 = 10).
    public init(targetAcceptance: Double = SamplerDefaults.adaptDelta, gamma: Double = SamplerDefaults.gamma,
                kappa: Double = SamplerDefaults.kappa, t0: Double = SamplerDefaults.t0, mu: Double = log(10)) {
        self.targetAcceptance = targetAcceptance; self.gamma = gamma; self.kappa = kappa; self.t0 = t0; self.mu = mu
    }

    /// Forgets the history (Stan's `restart()`): counter, s̄ and x̄ go to 0.
    public mutating func restart() { counter = 0; sBar = 0; xBar = 0 }

    /// Updates the averages with one acceptance statistic and returns the next step size.
    public mutating func learn(acceptStat: Double) -> Double {
        counter += 1
        let a = acceptStat > 1 ? 1 : acceptStat
        let t = Double(counter)
        let eta = 1 / (t + t0)
        sBar = (1 - eta) * sBar + eta * (targetAcceptance - a)
        let x = min(mu - sBar * t.squareRoot() / gamma, maxLogStepSize)
        let xEta = pow(t, -kappa)
        xBar = (1 - xEta) * xBar + xEta * x
        return exp(x)
    }

    /// The adapted step size exp(x̄) used after warmup (Stan's `complete_adaptation`).
    public var finalStepSize: Double { exp(xBar) }
}
