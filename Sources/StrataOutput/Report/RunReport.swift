// A self-contained HTML report of a sampling run: settings, warnings, summary, trace/rank/density/pair/energy plots, graph, forest.
import Foundation
import StrataDiagnostics

/// One HTML file describing a run, viewable offline in any browser: styles and plots are inline
/// (SVG), nothing is fetched, and no script is needed to read it.
///
/// Large runs stay small: the summary table lists at most ``maxTableRows`` rows (the worst-mixing
/// ones, with the count of the others), and the plots show only the chosen columns.
public struct RunReport {
    /// The run reported on.
    public var run: PosteriorRun
    /// Summaries of every output (`lp__` and the variables), in column order.
    public var summaries: [PosteriorSummary]
    /// Divergences, tree depth and E-BFMI (nil when the CSVs have no NUTS columns).
    public var health: SamplerHealth?
    /// True values by column name (marked on densities, shown in the table).
    public var truth: [String: Double] = [:]
    /// Columns drawn in the trace, rank and density plots.
    public var plotted: [String] = []
    /// Columns of the pair plot (the worst-mixing ones; fewer than two: no pair plot).
    public var pairColumns: [String] = []
    /// The graphical model as SVG, when the program is known.
    public var graphSVG: String?
    /// Why there is no graphical model (shown instead of it).
    public var graphNote = "the Stan program is not known: pass --model FILE.stan"
    /// Other runs compared in the forest plot (with this one first).
    public var comparison: [PosteriorRun] = []
    /// Columns of the forest plot.
    public var forestColumns: [String] = []
    /// Largest number of summary rows shown.
    public var maxTableRows = 40
    /// Warning thresholds (Stan's defaults).
    public var policy = SamplerWarnings()

    /// Creates a report of a run from its summaries and health; set the other fields as needed.
    public init(run: PosteriorRun, summaries: [PosteriorSummary], health: SamplerHealth?) {
        self.run = run; self.summaries = summaries; self.health = health
    }

    /// The SVG document without its XML declaration, for inlining in HTML.
    static func inline(_ svg: String) -> String {
        guard svg.hasPrefix("<?xml"), let end = svg.firstIndex(of: "\n") else { return svg }
        return String(svg[svg.index(after: end)...])
    }

    private func figure(_ kind: String, _ svg: String, _ caption: String) -> String {
        "<figure class=\"plot\" data-kind=\"\(kind)\">\n\(Self.inline(svg))<figcaption>\(caption)</figcaption></figure>\n"
    }

    /// The rows shown in the summary table: all when they fit, else `lp__` and the worst-mixing ones.
    var tableRows: [PosteriorSummary] {
        guard summaries.count > maxTableRows else { return summaries }
        let worst = Set(MixingRanking.worst(summaries.filter { $0.name != "lp__" }, count: maxTableRows - 1))
        return summaries.filter { $0.name == "lp__" || worst.contains($0.name) }
            .sorted { $0.name == "lp__" || ($1.name != "lp__" && MixingRanking.worse($0, $1)) }
    }

    /// The whole HTML document.
    public func html() -> String {
        let esc = ReportTables.esc
        let title = "Strata report: " + run.label
        // Warnings name variables as the table does (N_initial[3], not the CSV's N_initial.3).
        let shownNames = summaries.map { s -> PosteriorSummary in var t = s; t.name = VariableSelection.displayName(s.name); return t }
        let warnings = policy.messages(health: health, summaries: shownNames, chains: run.chains.count)
        var sections: [(id: String, title: String, body: String)] = []

        var overview = warnings.isEmpty
            ? "<p class=\"ok\">No warnings: R-hat ≤ \(policy.rHatThreshold), bulk and tail ESS ≥ \(Int(policy.essPerChainThreshold)) per chain, no divergences, no transition at the maximum tree depth, E-BFMI ≥ \(policy.ebfmiThreshold).</p>\n"
            : "<ul class=\"warnings\">" + warnings.map { "<li>\(esc($0))</li>" }.joined() + "</ul>\n"
        if let health { overview += ReportTables.health(health, ebfmiThreshold: policy.ebfmiThreshold) }
        sections.append(("diagnostics", "Diagnostics", overview))

        let rows = tableRows
        var table = ""
        if rows.count < summaries.count {
            table += "<p class=\"note\">\(summaries.count) outputs; showing lp__ and the \(rows.count - 1) worst-mixing (highest R-hat, then lowest bulk ESS). Full table: <code>strata summary</code>.</p>\n"
        }
        table += ReportTables.summary(rows, truth: truth, policy: policy, chains: run.chains.count)
        sections.append(("summary", "Summary", table))

        let shown = plotted.map(VariableSelection.displayName).joined(separator: ", ")
        let which = plotted.count < run.variableNames.count ? "the \(plotted.count) worst-mixing of \(run.variableNames.count) variables" : "every variable"
        if !plotted.isEmpty {
            sections.append(("trace", "Trace plots", figure("trace", run.svg(.trace, columns: plotted)!,
                "Draws against iteration, one colour per chain, with each chain's histogram at the right (\(which): \(esc(shown))).")))
            sections.append(("rank", "Rank plots", figure("rank", run.svg(.rank, columns: plotted)!,
                "Each chain's share of the ranks of all draws; flat, overlapping histograms mean the chains agree.")))
            let marked = truth.keys.filter(plotted.contains).count
            sections.append(("density", "Marginal densities", figure("density", run.svg(.density, columns: plotted, truth: truth)!,
                "Kernel density of all chains (filled) and of each chain (lines)" + (marked > 0 ? "; red line: the true value the data were simulated from." : "."))))
        }
        if pairColumns.count >= 2 {
            let divergences = health?.totalDivergences ?? 0
            sections.append(("pair", "Pair plot", figure("pair", run.svg(.pair, columns: pairColumns)!,
                "The worst-mixing variables against each other; magenta: the \(divergences) divergent transitions.")))
        }
        if let energy = run.svg(.energy, columns: []) {
            sections.append(("energy", "Energy", figure("energy", energy,
                "Marginal energy against energy transitions; a transition histogram much narrower than the marginal (E-BFMI < 0.3) means the sampler moves slowly between energy levels.")))
        }
        sections.append(("graph", "Graphical model", graphSVG.map {
            figure("graph", $0, "Open circles: parameters; shaded: observed data; dots: fixed data; plates: repeated variables.")
        } ?? "<p class=\"note\">No graphical model: \(esc(graphNote)).</p>\n"))
        if comparison.count > 1 && !forestColumns.isEmpty {
            sections.append(("forest", "Comparison across runs", figure("forest", PosteriorRun.forestSVG(runs: comparison, columns: forestColumns),
                "Median (dot), 50 % (thick) and 90 % (thin) intervals per variable, one colour per run: " + comparison.map { esc($0.label) }.joined(separator: ", ") + ".")))
        }

        sections.append(("settings", "Run settings", ReportTables.settings(run)))

        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(esc(title))</title>\n<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n"
        out += "<h1>\(esc(title))</h1>\n<p class=\"meta\">\(run.chains.count) chains × \(run.drawsPerChain) draws · \(run.variableNames.count) variables"
        out += warnings.isEmpty ? " · no warnings" : " · \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
        out += "</p>\n<nav>" + sections.map { "<a href=\"#\($0.id)\">\(esc($0.title))</a>" }.joined() + "</nav>\n"
        for s in sections { out += "<section id=\"\(s.id)\">\n<h2>\(esc(s.title))</h2>\n\(s.body)</section>\n" }
        out += "<script>\n\(ReportStyle.script)\n</script>\n</body>\n</html>\n"
        return out
    }
}
