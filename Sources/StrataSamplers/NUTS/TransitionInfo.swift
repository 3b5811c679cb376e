// Per-draw sampler statistics (Stan's lp__, accept_stat__, stepsize__, treedepth__, ...).

/// What one NUTS transition did: the values Stan writes as sampler diagnostics columns, plus the
/// energy error. Adaptation and diagnostics read only this.
public struct TransitionInfo: Equatable, Sendable {
    /// `lp__`: log density of the selected point.
    public var logDensity: Double
    /// `accept_stat__`: mean Metropolis acceptance probability over all leapfrog steps of the tree.
    public var acceptStat: Double
    /// `stepsize__`: the step size used in this transition.
    public var stepSize: Double
    /// `treedepth__`: number of completed trajectory doublings.
    public var treeDepth: Int
    /// `n_leapfrog__`: number of leapfrog steps (gradient evaluations) taken.
    public var leapfrogCount: Int
    /// `divergent__`: whether some leapfrog step had an energy error above the divergence threshold.
    public var isDivergent: Bool
    /// `energy__`: Hamiltonian of the selected point.
    public var energy: Double
    /// Hamiltonian of the selected point minus that of the starting point.
    public var energyError: Double

    /// Creates an info record.
    public init(logDensity: Double, acceptStat: Double, stepSize: Double, treeDepth: Int, leapfrogCount: Int,
                isDivergent: Bool, energy: Double, energyError: Double) {
        self.logDensity = logDensity; self.acceptStat = acceptStat; self.stepSize = stepSize
        self.treeDepth = treeDepth; self.leapfrogCount = leapfrogCount; self.isDivergent = isDivergent
        self.energy = energy; self.energyError = energyError
    }

    /// Stan's sampler column names, in the order of ``columnValues``.
    public static let columnNames = [
        "lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__",
    ]

    /// The values for ``columnNames``.
    public var columnValues: [Double] {
        [logDensity, acceptStat, stepSize, Double(treeDepth), Double(leapfrogCount), isDivergent ? 1 : 0, energy]
    }
}
