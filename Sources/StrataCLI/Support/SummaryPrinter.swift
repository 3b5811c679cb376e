// Prints a run's summary table, sampler health and warnings the way stansummary does.
import Foundation
import Strata

enum SummaryPrinter {
    /// The table computed in memory (at most `maxRows` rows), then draws, divergences, elapsed time and warnings.
    static func print(_ outcome: SampleOutcome, maxRows: Int = 40) {
        table(outcome.summaries, maxRows: maxRows)
        health(outcome.health, chains: outcome.results.count)
        finish(outcome, warnings: outcome.warnings)
    }

    /// The same, computed from the run's CSV files (nil: no chain has enough draws).
    static func print(_ outcome: SampleOutcome, files summary: ChainFilesSummary?, maxRows: Int = 40) {
        guard let summary else {
            Swift.print("No chain has 4 draws: nothing to summarise.")
            return finish(outcome, warnings: [])
        }
        if !summary.skipped.isEmpty { Swift.print("Skipped " + summary.skipped.joined(separator: ", ")) }
        table(summary.summaries, maxRows: maxRows)
        if let h = summary.health { health(h, chains: summary.chains) }
        finish(outcome, warnings: summary.warnings)
    }

    private static func table(_ summaries: [PosteriorSummary], maxRows: Int) {
        var rows = summaries
        var note = ""
        if rows.count > maxRows {
            note = "(\(rows.count - maxRows) more rows not shown; see the CSV files or `strata summary --json`)\n"
            rows = Array(rows.prefix(maxRows))
        }
        Swift.print(SummaryTable.format(rows), terminator: "")
        Swift.print(note, terminator: "")
    }

    private static func health(_ h: SamplerHealth, chains: Int) {
        Swift.print("\nDraws: \(h.totalTransitions) in \(chains) chains; divergences: \(h.totalDivergences); " +
                    "max tree depth hits: \(h.totalMaxTreeDepthHits); E-BFMI: " +
                    h.ebfmiPerChain.map { String(format: "%.2f", $0) }.joined(separator: ", "))
    }

    private static func finish(_ outcome: SampleOutcome, warnings: [String]) {
        Swift.print(String(format: "Elapsed: %.2f s", outcome.seconds))
        for w in warnings { Swift.print("Warning: \(w)") }
        for r in outcome.results where !r.setAsideInitialPoints.isEmpty {
            let points: [String] = r.setAsideInitialPoints.map { String(format: "lp %.6g, step size %.3g", $0.logDensity, $0.stepSize) }
            let floor = SamplerDefaults.screenedStepSize
            let count = points.count
            let list = points.joined(separator: "; ")
            Swift.print("Note: chain \(r.runChainId) set aside \(count) random initial point(s) where the step-size search "
                        + "ended below \(floor) (\(list)) and started from another.")
        }
        if outcome.results.contains(where: \.wasInterrupted) {
            Swift.print("Note: the run was interrupted; the files hold the draws made before the interrupt.")
        }
    }
}
