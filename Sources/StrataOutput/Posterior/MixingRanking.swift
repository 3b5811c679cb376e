// Picks the worst-mixing variables of a run (highest R-hat, then lowest bulk ESS) for plots and short tables.
import StrataDiagnostics

/// Orders summaries from worst to best mixing.
public enum MixingRanking {
    /// `true` when `a` mixes worse than `b`: higher R-hat, then lower bulk ESS (NaN, e.g. a constant, counts as best).
    static func worse(_ a: PosteriorSummary, _ b: PosteriorSummary) -> Bool {
        let ra = a.rHat.isNaN ? -Double.infinity : a.rHat, rb = b.rHat.isNaN ? -Double.infinity : b.rHat
        if ra != rb { return ra > rb }
        let ea = a.essBulk.isNaN ? Double.infinity : a.essBulk, eb = b.essBulk.isNaN ? Double.infinity : b.essBulk
        return ea < eb
    }

    /// The names of the `count` worst-mixing summaries, worst first.
    public static func worst(_ summaries: [PosteriorSummary], count: Int) -> [String] {
        summaries.sorted(by: worse).prefix(count).map(\.name)
    }
}
