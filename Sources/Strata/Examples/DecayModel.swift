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
}
