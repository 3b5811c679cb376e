// HTML tables of the report: run settings from the CSV header, sampler health, and the summary with warnings highlighted.
import StrataDiagnostics

/// Table builders of ``RunReport``.
enum ReportTables {
    static func esc(_ s: String) -> String { SVGText.escape(s) }

    /// Key settings read from the first chain's header, and per-chain step size, draws and times.
    static func settings(_ run: PosteriorRun) -> String {
        let first = run.chains[0]
        let keys: [(String, String)] = [("model", "model"), ("data file", "data.file"), ("method", "method"),
                                        ("draws per chain", "num_samples"), ("warmup", "num_warmup"), ("thin", "thin"),
                                        ("save warmup", "save_warmup"), ("metric", "metric"), ("adapt delta", "delta"),
                                        ("max tree depth", "max_depth"), ("seed", "random.seed"), ("init", "init"),
                                        ("engine", "strata_version")]
        var out = "<table class=\"settings\">\n"
        for (label, key) in keys {
            guard var v = first.configurationValue(key) else { continue }
            if key == "strata_version" { v = "strata " + v }
            out += "<tr><td>\(esc(label))</td><td>\(esc(v))</td></tr>\n"
        }
        out += "<tr><td>chains</td><td>\(run.chains.count) (\(run.drawsPerChain) draws each used)</td></tr>\n</table>\n"
        out += "<table class=\"settings chains\"><tr><th>chain</th><th>file</th><th>draws</th><th>step size</th><th>warmup s</th><th>sampling s</th></tr>\n"
        for (c, f) in run.chains.enumerated() {
            let step = f.adaptation.map { NumberFormatting.significant($0.stepSize, digits: 3) } ?? ""
            let w = f.timing.map { NumberFormatting.significant($0.warmupSeconds, digits: 3) } ?? ""
            let s = f.timing.map { NumberFormatting.significant($0.samplingSeconds, digits: 3) } ?? ""
            out += "<tr><td>\(c + 1)</td><td>\(esc(f.fileName))</td><td>\(f.drawCount)</td><td>\(step)</td><td>\(w)</td><td>\(s)</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// Divergences, tree-depth hits and E-BFMI per chain, problems highlighted.
    static func health(_ h: SamplerHealth, ebfmiThreshold: Double) -> String {
        var out = "<table class=\"health\"><tr><th>chain</th><th>transitions</th><th>divergent</th><th>max tree depth hits</th><th>E-BFMI</th></tr>\n"
        for c in h.transitionsPerChain.indices {
            let e = h.ebfmiPerChain[c]
            let d = h.divergencesPerChain[c], t = h.maxTreeDepthHitsPerChain[c]
            out += "<tr><td>\(c + 1)</td><td>\(h.transitionsPerChain[c])</td>"
            out += "<td\(d > 0 ? " class=\"warn\"" : "")>\(d)</td><td\(t > 0 ? " class=\"warn\"" : "")>\(t)</td>"
            out += "<td\(e < ebfmiThreshold ? " class=\"warn\"" : "")>\(e.isFinite ? NumberFormatting.fixed(e, decimals: 2) : "n/a")</td></tr>\n"
        }
        return out + "</table>\n"
    }

    /// The summary rows, cells over the warning thresholds highlighted (R-hat, bulk and tail ESS).
    static func summary(_ rows: [PosteriorSummary], truth: [String: Double], policy: SamplerWarnings, chains: Int) -> String {
        let minimumESS = policy.essPerChainThreshold * Double(chains)
        let hasTruth = rows.contains { truth[$0.name] != nil }
        var out = "<table class=\"summary\"><tr><th>variable</th>"
        for h in SummaryTable.headers { out += "<th>\(esc(h))</th>" }
        out += hasTruth ? "<th>truth</th></tr>\n" : "</tr>\n"
        for s in rows {
            let cells = SummaryTable.cells(of: s)
            let warn = [false, false, false, false, false, false, s.essBulk < minimumESS, s.essTail < minimumESS, s.rHat > policy.rHatThreshold]
            out += "<tr\(warn.contains(true) ? " class=\"flagged\"" : "")><td>\(esc(VariableSelection.displayName(s.name)))</td>"
            for (cell, w) in zip(cells, warn) { out += "<td\(w ? " class=\"warn\"" : "")>\(esc(cell))</td>" }
            if hasTruth {
                let t = truth[s.name]
                let outside = t.map { $0 < s.q5 || $0 > s.q95 } ?? false
                out += "<td\(outside ? " class=\"warn\" title=\"outside the 90 % interval\"" : "")>\(t.map { NumberFormatting.significant($0, digits: 4) } ?? "")</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }
}
