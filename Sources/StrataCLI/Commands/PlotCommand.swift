// `strata plot`: one diagnostic plot of a run as SVG (trace, rank, density, pair, energy, forest across runs).
import ArgumentParser
import Foundation
import Strata

extension PlotKind: ExpressibleByArgument {}

struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Draw a diagnostic plot of a run's Stan CSV files as SVG.",
        discussion: """
            Kinds: trace (draws against iteration, one colour per chain), rank (rank histograms per chain), \
            density (marginal densities, --truth marked), pair (scatter matrix, divergent transitions marked), \
            energy (marginal energy vs energy transition, E-BFMI), forest (intervals across runs: --compare).
            Without --vars: every variable when there are at most 6 (4 for pair, 30 for forest), otherwise the \
            worst-mixing ones (highest R-hat, then lowest bulk ESS).

            Exit codes:
            """ + ExitStatus.table)

    @Argument(help: "A folder of Stan CSV files (one per chain), ours or CmdStan's.") var folder: String
    @Option(help: "trace | rank | density | pair | energy | forest.") var kind: PlotKind
    @Option(help: "Variables, Stan indexing: alpha,N_initial[1:5],Sigma[1,2].") var vars: String?
    @Option(help: "True values (JSON, e.g. ../shared/data/decay_truth.json), marked on density plots.") var truth: String?
    @Option(parsing: .upToNextOption, help: "More run folders for the forest plot.") var compare: [String] = []
    @Option(help: "SVG file to write (default: <kind>.svg in the current folder).") var output: String?

    func run() throws {
        let runs = try RunLoader.load([folder] + compare)
        let run = runs[0]
        if !compare.isEmpty && kind != .forest {
            throw CLIError(.usage, "--compare is for --kind forest (a \(kind.rawValue) plot shows one run)")
        }
        let columns: [String]
        if let vars {
            let available = kind == .forest ? runs.flatMap(\.columnNames) : run.columnNames
            columns = try RunLoader.columns(vars, available: available)
        } else if kind == .forest {
            var union: [String] = []
            for r in runs { for c in r.variableNames where !union.contains(c) { union.append(c) } }
            columns = union.count <= 30 ? union : try RunLoader.defaultColumns(run, count: 30)
        } else {
            columns = try RunLoader.defaultColumns(run, count: kind == .pair ? 4 : 6)
        }
        if kind == .pair && !(2...6).contains(columns.count) {
            throw CLIError(.usage, "--kind pair needs 2 to 6 variables, got \(columns.count)")
        }
        let svg: String?
        if kind == .forest {
            svg = PosteriorRun.forestSVG(runs: runs, columns: columns)
        } else {
            svg = run.svg(kind, columns: columns, truth: try RunLoader.truth(truth, for: run))
        }
        guard let svg else {
            throw CLIError(.dataError, "\(folder): the CSV files have no energy__ column (not a NUTS run)")
        }
        let path = output ?? kind.rawValue + ".svg"
        try svg.write(toFile: path, atomically: true, encoding: .utf8)
        print("Wrote \(path)")
    }
}
