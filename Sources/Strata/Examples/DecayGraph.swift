// The probabilistic graphical model of the widget model, as drawn in the seed lecture.
import StrataOutput

/// The widget model's graph: α outside the plate; per widget N₀ (latent), manufacture and
/// measurement times and measurement uncertainty (fixed), and the measured amount (observed).
public enum DecayGraph {
    /// The graph; `unknownStartTime` draws t_initial as a latent variable bounded by a known day
    /// (decay_t0_unknown.stan).
    public static func make(unknownStartTime: Bool = false) -> ModelGraph {
        var g = ModelGraph()
        g.addPlate("widgets", label: "i = 1, …, N_widgets")
        g.addNode("alpha", label: "α", kind: .parameter)
        g.addNode("N_initial_max", label: "N_max", kind: .fixed)
        g.addNode("N_initial", label: "N₀,ᵢ", kind: .parameter, plate: "widgets")
        if unknownStartTime {
            g.addNode("t_bounds", label: "day of tᵢ", kind: .fixed, plate: "widgets")
            g.addNode("t_initial", label: "t₀,ᵢ", kind: .parameter, plate: "widgets")
            g.addEdge(from: "t_bounds", to: "t_initial")
        } else {
            g.addNode("t_initial", label: "t₀,ᵢ", kind: .fixed, plate: "widgets")
        }
        g.addNode("t_measured", label: "tᵢ", kind: .fixed, plate: "widgets")
        g.addNode("sigma", label: "σᵢ", kind: .fixed, plate: "widgets")
        g.addNode("N_measured", label: "Nᵢ", kind: .observed, plate: "widgets")
        g.addEdge(from: "N_initial_max", to: "N_initial")
        for source in ["alpha", "N_initial", "t_initial", "t_measured", "sigma"] {
            g.addEdge(from: source, to: "N_measured")
        }
        return g
    }
}
