// `strata widgets`: the seed's radioactive-widget analysis end to end (optimise, sample, diagnose, plot).
import ArgumentParser
import Foundation
import Strata

struct WidgetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "widgets",
        abstract: "Fit the seed's widget decay model: L-BFGS, then NUTS chains from the optimum; summary, trace plot, graphical model.")

    @Option(help: "Widget data (CmdStan JSON, e.g. ../shared/data/decay_days.json).") var data: String
    @Option(help: "Optional truth file (decay_truth.json) to compare alpha with.") var truth: String?
    @OptionGroup var sampler: SamplerOptions
    @Option(help: "Output folder.") var output = "output/widgets"
    @Flag(help: "No progress output.") var quiet = false

    func run() throws {
        let dataSet = try DecayData.load(path: data)
        // Read the truth before the long run so a bad --truth file fails at once.
        let trueAlpha = try truth.map { try Self.trueAlpha(truthPath: $0, dataPath: data) }
        let model = try DecayModel.build(dataSet)
        print("Widget model: \(dataSet.count) widgets, \(model.dimension) unconstrained parameters.")

        // 1. Optimise (the lecture's first step), from a point in the posterior's basin.
        let start = try DecayModel.sensibleInitialPoint(model: model, data: dataSet)
        var lbfgs = LBFGSConfiguration()
        lbfgs.maxIterations = 500
        let mode = try OptimizeService.run(model: model, jacobian: true, initial: start, configuration: lbfgs)
        print("L-BFGS: \(mode.result.termination.message) after \(mode.result.iterations) iterations; alpha = \(mode.values[0])")

        // 2. Sample from the optimum with a dense metric (alpha is correlated with every N0).
        var config = try sampler.configuration()
        if sampler.metric == "diag" { config.metric = .dense }
        config.inits = [mode.result.x]
        let interrupt = InterruptHandler()
        try SampleService.preflight(model: model, configuration: config)
        let progress = ProgressPrinter(chains: config.chains, warmup: config.warmup, samples: config.samples, quiet: quiet)
        let dir = URL(fileURLWithPath: output)
        let outcome = try SampleService.run(
            model: model.withThreadsPerChain(sampler.threadsPerChain), configuration: config,
            output: SampleOutputOptions(directory: dir, modelName: "decay", dataFile: (data as NSString).lastPathComponent),
            interrupt: interrupt.flag, progress: progress.callback)
        progress.finish()
        defer { if outcome.results.contains(where: \.wasInterrupted) { Foundation.exit(130) } }
        SummaryPrinter.print(outcome, maxRows: 12)

        // 3. Compare with the truth used to simulate the data.
        if let a = trueAlpha, let alpha = outcome.summaries.first(where: { $0.name == "alpha" }) {
            let z = (alpha.mean - a) / alpha.sd
            print(String(format: "True alpha %.6g; posterior %.6g ± %.3g (z = %.2f); 90%% interval [%.6g, %.6g] %@",
                         a, alpha.mean, alpha.sd, z, alpha.q5, alpha.q95,
                         (a >= alpha.q5 && a <= alpha.q95) ? "covers it" : "misses it"))
        }

        // 4. Pictures: trace plot and the graphical model.
        var panels: [(name: String, chains: [[Double]])] = [("lp__", outcome.results.map { $0.stats.map(\.logDensity) })]
        for name in ["alpha", "N_initial.1", "N_initial.2", "N_initial.3"] {
            if let d = outcome.draws(of: name) { panels.append((name, d)) }
        }
        let trace = dir.appendingPathComponent("trace.svg")
        try TracePlot.svg(variables: panels).write(to: trace, atomically: true, encoding: .utf8)
        let graph = DecayGraph.make()
        let pgm = dir.appendingPathComponent("model_graph.svg")
        try graph.svg().write(to: pgm, atomically: true, encoding: .utf8)
        try graph.dot(name: "decay").write(to: dir.appendingPathComponent("model_graph.dot"), atomically: true, encoding: .utf8)
        print("Wrote \(outcome.csvFiles.count) CSV files, \(trace.path) and \(pgm.path) to \(dir.path)")
    }

    /// The true decay rate from a truth file, in the data's time unit (`alpha_per_day` for data in days).
    private static func trueAlpha(truthPath: String, dataPath: String) throws -> Double {
        let file = (truthPath as NSString).lastPathComponent
        guard let bytes = FileManager.default.contents(atPath: truthPath) else {
            throw CLIError(.noInput, "\(truthPath): cannot read the truth file")
        }
        guard let t = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
            throw CLIError(.dataError, "\(file): the truth file is not a JSON object")
        }
        let key = (dataPath as NSString).lastPathComponent.contains("days") ? "alpha_per_day" : "alpha_per_s"
        guard let a = t[key] as? Double, a.isFinite else { throw CLIError(.dataError, "\(file): no number '\(key)' in the truth file") }
        return a
    }
}
