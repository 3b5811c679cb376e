// `strata summary`: summarise Stan CSV files (ours or CmdStan's) like stansummary, merging folders of one run.
import ArgumentParser
import Foundation
import Strata

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary", abstract: "Summarise Stan CSV files (or netCDF files of --output-format netcdf).",
        discussion: "Several folders (e.g. the pieces of a run split with --chain-ids) are merged into one summary "
            + "when their files come from the same program, data and settings; R-hat and ESS use every chain.")

    @Argument(help: "CSV files, netCDF files (.nc, of --output-format netcdf) or folders holding them.") var paths: [String]
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let files = try ChainFilesSummary.files(in: paths)
        let summary = try ChainFilesSummary(outputFiles: files)
        Self.print(summary, fileCount: summary.chains + summary.skipped.count, json: json)
    }

    /// Prints the table (or JSON), divergences and warnings.
    static func print(_ summary: ChainFilesSummary, fileCount: Int, json: Bool) {
        if !summary.skipped.isEmpty && !json {
            Swift.print("Summarising \(summary.chains) of \(fileCount) chains; skipped "
                        + summary.skipped.joined(separator: ", ") + "\n")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            struct Report: Encodable {
                let summaries: [PosteriorSummary]; let divergences: Int?; let warnings: [String]; let skippedChains: [String]
            }
            let data = (try? encoder.encode(Report(summaries: summary.summaries, divergences: summary.health?.totalDivergences,
                                                   warnings: summary.warnings, skippedChains: summary.skipped))) ?? Data()
            Swift.print(String(decoding: data, as: UTF8.self))
        } else {
            Swift.print(SummaryTable.format(summary.summaries), terminator: "")
            if let health = summary.health { Swift.print("\nDivergences: \(health.totalDivergences) of \(health.totalTransitions)") }
            for w in summary.warnings { Swift.print("Warning: \(w)") }
        }
    }
}
