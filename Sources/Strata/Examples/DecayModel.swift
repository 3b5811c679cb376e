// The seed's widget model (decay.stan) written with the Swift model API.
import StrataAutodiff
import StrataModeling

/// decay.stan: α > 0 shared by all widgets, N₀ᵢ ∈ [0, N_initial_max] per widget, and
/// N_measured ~ normal(N₀ .* exp(−α (t_measured − t_initial)), σ).
public enum DecayModel {
    /// Builds the model for `data`.
    public static func build(_ data: DecayData) throws -> GraphModel {
        let m = ModelBuilder()
        let alpha = m.parameter("alpha", .lower(0))
        let n0 = m.parameter("N_initial", count: data.count, .bounds(0, .value(data.nInitialMax)))
        let elapsed = m.data(data.tMeasured) - m.data(data.tInitial)
        m.sample(m.data(data.nMeasured), .normal(n0 * exp(-alpha * elapsed), m.data(data.sigmaNMeasured)))
        return try m.build()
    }

    /// A starting point in the basin of the posterior: a slow decay rate (0.1 / time unit of the
    /// shortest elapsed time) and each widget's measured amount, clipped into its bounds.
    ///
    /// Random inits are unsafe for this model: with no prior on alpha, the likelihood is flat once
    /// alpha is large enough for every exp(−α Δt) to underflow, so chains started there never return.
    public static func sensibleInitialPoint(model: GraphModel, data: DecayData) throws -> [Double] {
        let elapsed = zip(data.tMeasured, data.tInitial).map { $0 - $1 }
        let alpha = 0.1 / max(elapsed.min() ?? 1, 1e-300)
        let margin = 0.01 * data.nInitialMax
        let n0 = data.nMeasured.map { Swift.min(Swift.max($0, margin), data.nInitialMax - margin) }
        return try model.unconstrain(["alpha": [alpha], "N_initial": n0])
    }
}
