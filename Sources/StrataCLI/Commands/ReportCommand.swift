// `strata report`: one self-contained HTML file about a run (settings, warnings, summary, plots, graph, comparison).
import ArgumentParser
import Foundation
import Strata

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a run's Stan CSV files.",
        discussion: """
            The report holds the run settings, warnings (R-hat, ESS, divergences, tree depth, E-BFMI), the \
            summary table with problems highlighted, trace, rank and density plots (truth marked with --truth), \
            a pair plot of the worst-mixing variables with divergent transitions, the energy plot, the graphical \
            model (the program is found as <model>.stan beside the run or in ../shared/models, or given with \
            --model) and, with --compare, a forest plot across runs. Plots and styles are inline: the file \
            opens offline. Large runs show the worst-mixing variables only.

            Exit codes:
            """ + ExitStatus.table)

    @Argument(help: "A folder of Stan CSV files (one per chain), ours or CmdStan's.") var folder: String
    @Option(help: "True values (JSON, e.g. ../shared/data/decay_truth.json), marked on the densities.") var truth: String?
    @Option(parsing: .upToNextOption, help: "More run folders compared in a forest plot.") var compare: [String] = []
    @Option(help: "The Stan program, for the graphical model (default: <model>.stan found from the CSV header).") var model: String?
    @Option(help: "Variables to plot, Stan indexing (default: all when at most 10, else up to 4 scalars and the worst-mixing elements, 8 in all).") var vars: String?
    @Option(help: "HTML file to write (default: report.html in the run folder).") var output: String?

    func run() throws {
        let runs = try RunLoader.load([folder] + compare)
        let run = runs[0]
        let summaries = try run.summaries(of: run.outputNames)
        var report = RunReport(run: run, summaries: summaries, health: try run.health())
        report.truth = try RunLoader.truth(truth, for: run)
        let variables = summaries.filter { $0.name != "lp__" }
        let order = Dictionary(uniqueKeysWithValues: run.columnNames.enumerated().map { ($1, $0) })
        func inColumnOrder(_ names: [String]) -> [String] { names.sorted { order[$0]! < order[$1]! } }
        if let vars {
            report.plotted = try RunLoader.columns(vars, available: run.columnNames)
        } else {
            // Scalars (alpha, mu, tau) first, as they are usually what the model is about, then the worst-mixing elements.
            let scalars = Array(variables.filter { !$0.name.contains(".") }.prefix(4))
            let rest = MixingRanking.worst(variables.filter { $0.name.contains(".") }, count: 8 - scalars.count)
            report.plotted = variables.count <= 10 ? variables.map(\.name) : scalars.map(\.name) + inColumnOrder(rest)
        }
        // Constant outputs (R-hat NaN) say nothing in a scatter.
        report.pairColumns = inColumnOrder(MixingRanking.worst(variables.filter { $0.sd > 0 }, count: 4))
        if report.pairColumns.count < 2 { report.pairColumns = [] }
        (report.graphSVG, report.graphNote) = try graph(for: run)
        if runs.count > 1 {
            var union: [String] = []
            for r in runs { for c in r.variableNames where !union.contains(c) { union.append(c) } }
            report.comparison = runs
            report.forestColumns = union.count <= 40 ? union : inColumnOrder(MixingRanking.worst(variables, count: 40))
        }
        let path = output ?? URL(fileURLWithPath: folder).appendingPathComponent("report.html").path
        let html = report.html()
        try html.write(toFile: path, atomically: true, encoding: .utf8)
        print("Wrote \(path) (\(html.utf8.count / 1024) KB)")
    }

    /// The graphical model's SVG, or nil and the reason. A program given with --model must load
    /// (66 unreadable, 65 invalid); a program found by name is used only if it parses.
    private func graph(for run: PosteriorRun) throws -> (String?, String) {
        if let model {
            guard let source = try? String(contentsOfFile: model, encoding: .utf8) else {
                throw CLIError(.noInput, "\(model): cannot read the Stan program")
            }
            do {
                return (try ModelGraphBuilder.graph(source: source, fileName: (model as NSString).lastPathComponent).svg(), "")
            } catch let e as StanProgramError { throw CLIError(.dataError, e.rendered) }
        }
        guard let name = run.modelName, !name.isEmpty else { return (nil, "the CSV header names no model; pass --model FILE.stan") }
        let shared = ProcessInfo.processInfo.environment["STRATA_SHARED"] ?? "../shared"
        let folderURL = URL(fileURLWithPath: folder)
        let candidates = [folderURL.appendingPathComponent(name + ".stan").path,
                          folderURL.deletingLastPathComponent().appendingPathComponent(name + ".stan").path,
                          name + ".stan", shared + "/models/" + name + ".stan"]
        for path in candidates {
            guard let source = try? String(contentsOfFile: path, encoding: .utf8),
                  let graph = try? ModelGraphBuilder.graph(source: source, fileName: name + ".stan") else { continue }
            return (try graph.svg(), "")
        }
        if name == "decay" { return (try DecayGraph.make().svg(), "") }
        return (nil, "no program \(name).stan beside the run or in \(shared)/models; pass --model FILE.stan")
    }
}
