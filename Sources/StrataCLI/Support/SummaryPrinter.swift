// Prints a run's summary table, sampler health and warnings the way stansummary does.
import Foundation
import Strata

enum SummaryPrinter {
    /// The table (at most `maxRows` rows), then divergences and warnings.
    static func print(_ outcome: SampleOutcome, maxRows: Int = 40) {
        var rows = outcome.summaries
        var note = ""
        if rows.count > maxRows {
            note = "(\(rows.count - maxRows) more rows not shown; see the CSV files or `strata summary --json`)\n"
            rows = Array(rows.prefix(maxRows))
        }
        Swift.print(SummaryTable.format(rows), terminator: "")
        Swift.print(note, terminator: "")
        let h = outcome.health
        Swift.print("\nDraws: \(h.totalTransitions) in \(outcome.results.count) chains; divergences: \(h.totalDivergences); " +
                    "max tree depth hits: \(h.totalMaxTreeDepthHits); E-BFMI: " +
                    h.ebfmiPerChain.map { String(format: "%.2f", $0) }.joined(separator: ", "))
        Swift.print(String(format: "Elapsed: %.2f s", outcome.seconds))
        for w in outcome.warnings { Swift.print("Warning: \(w)") }
        if outcome.results.contains(where: \.wasInterrupted) {
            Swift.print("Note: the run was interrupted; the files hold the draws made before the interrupt.")
        }
    }
}
