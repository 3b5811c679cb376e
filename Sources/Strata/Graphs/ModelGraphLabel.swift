// Display labels for graph nodes: Stan variable names with Greek-letter words shown as Greek letters.

/// Turns Stan identifiers into short node labels: each `_`-separated word that spells a Greek
/// letter is drawn as that letter (`sigma_N_measured` → `σ_N_measured`, `theta_tilde` →
/// `θ_tilde`, `theta1` → `θ1`), which keeps circles small and matches how the model is written on paper.
public enum ModelGraphLabel {
    private static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ", "eta": "η",
        "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "rho": "ρ",
        "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ",
        "Omega": "Ω",
    ]

    /// The label for variable `name`.
    public static func display(_ name: String) -> String {
        name.split(separator: "_", omittingEmptySubsequences: false)
            .map(word)
            .joined(separator: "_")
    }

    /// A Greek-letter word, optionally followed by digits (`theta1` → `θ1`); other words unchanged.
    private static func word(_ w: Substring) -> String {
        let letters = w.prefix { !$0.isNumber }
        let digits = w.dropFirst(letters.count)
        guard digits.allSatisfy(\.isNumber), let g = greek[String(letters)] else { return String(w) }
        return g + digits
    }
}
