// NUTS sampler health: E-BFMI per chain, divergence and maximum-tree-depth counts.

/// Energy Bayesian fraction of missing information (Betancourt 2016, "Diagnosing suboptimal
/// cotangent disintegrations in Hamiltonian Monte Carlo", arXiv:1604.00695).
public enum EnergyBFMI {
    /// E-BFMI of one chain's `energy__` values:
    /// `Σ_{n=2}^{N} (E_n - E_{n-1})² / Σ_{n=1}^{N} (E_n - Ē)²`.
    ///
    /// This is the estimator Stan's tools report. For independent energies it tends to 2, for an
    /// AR(1) energy sequence with lag-1 correlation ρ to 2(1 - ρ); values below 0.3 indicate that
    /// momentum resampling explores the energy distribution poorly.
    /// - Parameter energy: the chain's Hamiltonian at each saved draw.
    /// - Returns: the E-BFMI, NaN for fewer than two values or a constant or non-finite sequence.
    public static func value(energy: [Double]) -> Double {
        guard energy.count >= 2, energy.allSatisfy({ $0.isFinite }) else { return .nan }
        let mean = Quantiles.mean(energy)
        var numerator = 0.0
        var denominator = 0.0
        for n in 0..<energy.count {
            let d = energy[n] - mean
            denominator += d * d
            if n > 0 {
                let step = energy[n] - energy[n - 1]
                numerator += step * step
            }
        }
        return denominator > 0 ? numerator / denominator : .nan
    }
}

/// Per-chain sampler statistics collected from NUTS transitions, reduced to health counts.
public struct SamplerHealth: Equatable, Sendable {
    /// Number of post-warmup transitions in each chain.
    public let transitionsPerChain: [Int]
    /// Divergent transitions in each chain.
    public let divergencesPerChain: [Int]
    /// Transitions in each chain whose tree depth reached `maxTreeDepth`.
    public let maxTreeDepthHitsPerChain: [Int]
    /// E-BFMI of each chain (NaN when it cannot be computed).
    public let ebfmiPerChain: [Double]
    /// The sampler's maximum tree depth setting.
    public let maxTreeDepth: Int

    /// Total transitions over all chains.
    public var totalTransitions: Int { transitionsPerChain.reduce(0, +) }
    /// Total divergent transitions over all chains.
    public var totalDivergences: Int { divergencesPerChain.reduce(0, +) }
    /// Total transitions over all chains that hit the maximum tree depth.
    public var totalMaxTreeDepthHits: Int { maxTreeDepthHitsPerChain.reduce(0, +) }

    /// Reduces per-chain, per-transition statistics (`divergent__`, `treedepth__`, `energy__`).
    /// - Parameters:
    ///   - divergent: `divergent[chain][iteration]`.
    ///   - treeDepth: `treeDepth[chain][iteration]`.
    ///   - energy: `energy[chain][iteration]`.
    ///   - maxTreeDepth: the sampler's maximum tree depth (Stan's default is 10).
    /// - Throws: `DiagnosticsError.invalidSamplerInput` when the three inputs do not have the
    ///   same number of chains and draws per chain, or `maxTreeDepth` is not positive.
    public init(divergent: [[Bool]], treeDepth: [[Int]], energy: [[Double]], maxTreeDepth: Int) throws {
        guard maxTreeDepth > 0 else {
            throw DiagnosticsError.invalidSamplerInput("maxTreeDepth must be positive, got \(maxTreeDepth)")
        }
        guard divergent.count == treeDepth.count, divergent.count == energy.count else {
            throw DiagnosticsError.invalidSamplerInput(
                "divergent__, treedepth__ and energy__ have \(divergent.count), \(treeDepth.count) and "
                    + "\(energy.count) chains; they must match")
        }
        for c in 0..<divergent.count {
            guard divergent[c].count == treeDepth[c].count, divergent[c].count == energy[c].count else {
                throw DiagnosticsError.invalidSamplerInput(
                    "chain \(c): divergent__, treedepth__ and energy__ have \(divergent[c].count), "
                        + "\(treeDepth[c].count) and \(energy[c].count) draws; they must match")
            }
        }
        self.maxTreeDepth = maxTreeDepth
        transitionsPerChain = divergent.map(\.count)
        divergencesPerChain = divergent.map { $0.filter { $0 }.count }
        maxTreeDepthHitsPerChain = treeDepth.map { $0.filter { $0 >= maxTreeDepth }.count }
        ebfmiPerChain = energy.map { EnergyBFMI.value(energy: $0) }
    }
}
