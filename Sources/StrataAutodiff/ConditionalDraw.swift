// Exact draws of integrated-out (marginalised) parameters, made from the graph's values after a forward sweep.
import StrataCore

/// Draws values of a latent slot (a parameter integrated out of the log density) from its exact
/// conditional distribution given the sampled parameters and the data.
///
/// The sampler sees only the marginal density; after each kept transition the evaluator runs a
/// forward sweep, then every conditional draw reads the values it needs (the coefficients of the
/// likelihood, the prior's arguments) from the arena and writes its latent slot, so the output
/// holds a draw from the joint posterior.
public protocol ConditionalDraw {
    /// The latent slot this draw fills.
    var latent: Slot { get }
    /// Reads the current forward values from `arena` and writes the latent slot's values.
    func draw(_ arena: Arena, rng: inout ChainRNG)
}
