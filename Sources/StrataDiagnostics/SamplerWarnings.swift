// Plain-language warnings from sampler health and convergence diagnostics (like CmdStan's diagnose).

/// Thresholds and message construction for post-sampling warnings.
///
/// Defaults follow Stan's recommendations: R-hat above 1.01, bulk- or tail-ESS below 100 per
/// chain (Vehtari et al. 2021), E-BFMI below 0.3 (Betancourt 2016), any divergence, any
/// transition at the maximum tree depth.
public struct SamplerWarnings: Sendable {
    /// R-hat values strictly above this are flagged.
    public var rHatThreshold: Double
    /// Bulk/tail ESS below this times the number of chains is flagged.
    public var essPerChainThreshold: Double
    /// E-BFMI values below this are flagged.
    public var ebfmiThreshold: Double

    /// Creates a warning policy; the defaults are Stan's.
    public init(rHatThreshold: Double = 1.01, essPerChainThreshold: Double = 100, ebfmiThreshold: Double = 0.3) {
        self.rHatThreshold = rHatThreshold
        self.essPerChainThreshold = essPerChainThreshold
        self.ebfmiThreshold = ebfmiThreshold
    }

    /// Warnings about the sampler itself: divergences, tree-depth saturation, low E-BFMI.
    /// - Parameter health: reduced sampler statistics.
    /// - Returns: one sentence per problem; empty when none was found.
    public func samplerMessages(_ health: SamplerHealth) -> [String] {
        var messages = [String]()
        let total = health.totalTransitions
        if health.totalDivergences > 0 {
            messages.append("\(health.totalDivergences) of \(total) (\(percent(health.totalDivergences, total))) "
                + "transitions ended with a divergence. Consider increasing adapt_delta or reparameterising.")
        }
        if health.totalMaxTreeDepthHits > 0 {
            messages.append("\(health.totalMaxTreeDepthHits) of \(total) "
                + "(\(percent(health.totalMaxTreeDepthHits, total))) transitions reached the maximum tree "
                + "depth of \(health.maxTreeDepth). Such trajectories are cut short and explore slowly; "
                + "consider raising max_depth or reparameterising.")
        }
        for (chain, value) in health.ebfmiPerChain.enumerated() where value < ebfmiThreshold {
            messages.append("Chain \(chain + 1): E-BFMI is \(NumberFormatting.fixed(value, decimals: 2)), below "
                + "\(NumberFormatting.significant(ebfmiThreshold, digits: 2)); momentum resampling explores the "
                + "energy distribution poorly. Consider reparameterising the model.")
        }
        return messages
    }

    /// Warnings about convergence: R-hat too high, bulk- or tail-ESS too low.
    /// - Parameters:
    ///   - summaries: per-variable summaries.
    ///   - chains: the number of chains the summaries were computed from.
    /// - Returns: at most three sentences, each listing the offending variables.
    public func convergenceMessages(_ summaries: [PosteriorSummary], chains: Int) -> [String] {
        var messages = [String]()
        let highRHat = summaries.filter { $0.rHat > rHatThreshold }.map(\.name)
        if !highRHat.isEmpty {
            messages.append("R-hat is above \(NumberFormatting.significant(rHatThreshold, digits: 3)) for "
                + "\(list(highRHat)): the chains have not mixed. Run longer chains or reparameterise.")
        }
        let minimum = essPerChainThreshold * Double(chains)
        let minimumText = NumberFormatting.fixed(minimum, decimals: 0)
        let lowBulk = summaries.filter { $0.essBulk < minimum }.map(\.name)
        if !lowBulk.isEmpty {
            messages.append("Bulk effective sample size is below \(minimumText) "
                + "(\(NumberFormatting.fixed(essPerChainThreshold, decimals: 0)) per chain) for \(list(lowBulk)): "
                + "posterior means and medians may be unreliable. Run longer chains.")
        }
        let lowTail = summaries.filter { $0.essTail < minimum }.map(\.name)
        if !lowTail.isEmpty {
            messages.append("Tail effective sample size is below \(minimumText) "
                + "(\(NumberFormatting.fixed(essPerChainThreshold, decimals: 0)) per chain) for \(list(lowTail)): "
                + "5% and 95% quantiles may be unreliable. Run longer chains.")
        }
        return messages
    }

    /// Sampler messages followed by convergence messages.
    public func messages(health: SamplerHealth?, summaries: [PosteriorSummary], chains: Int) -> [String] {
        (health.map(samplerMessages) ?? []) + convergenceMessages(summaries, chains: chains)
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        NumberFormatting.fixed(whole > 0 ? 100 * Double(part) / Double(whole) : 0, decimals: 2) + "%"
    }

    private func list(_ names: [String]) -> String {
        let shown = names.prefix(10).joined(separator: ", ")
        return names.count > 10 ? shown + " and \(names.count - 10) more" : shown
    }
}
