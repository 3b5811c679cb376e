// `strata sample`: NUTS with concurrent chains, CmdStan CSV output and a summary.
import ArgumentParser
import Foundation
import Strata

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sample", abstract: "Draw posterior samples with NUTS.",
                                                    discussion: "Exit codes:\n" + ExitStatus.table)

    @Argument(help: "A Stan program (.stan) or builtin:decay / builtin:eight_schools_noncentered.") var model: String
    @Option(help: "Data file (CmdStan JSON).") var data: String?
    @Flag(name: .customLong("no-generated-quantities"), help: "Skip the generated quantities block.") var noGeneratedQuantities = false
    @Option(name: [.customLong("init"), .customLong("initial")],
            help: "Initial values (CmdStan JSON of constrained values), or 'optimize' to start at the L-BFGS mode.") var initial: String?
    @Option(help: ArgumentHelp("Integrate out parameters that can be integrated out exactly (auto|off).",
                               discussion: "auto (default): a parameter whose only likelihood is normal with a mean affine in it, and whose prior is flat on its bounds or normal, is integrated out; the sampler sees the marginal density and the parameter's draws are exact draws from its conditional after each transition. The run header says what was integrated out and why other candidates were not."))
    var marginalise: MarginaliseMode = .auto
    @OptionGroup var sampler: SamplerOptions
    @Option(name: .customLong("metric-file"),
            help: "Start from this inverse metric (CmdStan JSON {\"inv_metric\": ...}; low-rank extension: see README).")
    var metricFile: String?
    @Option(name: .customLong("save-metric"), help: "Write chain 1's adapted inverse metric here (CmdStan JSON).")
    var saveMetric: String?
    @Option(help: "Output folder for <model>_<chain>.csv (or <model>.nc with --output-format netcdf).") var output = "output"
    @OptionGroup var batch: BatchOptions
    @Flag(help: "No progress output.") var quiet = false

    func run() throws {
        let sampled = try sample()
        if let saved = sampled.outcome.checkpoint {
            let message = "strata: interrupted; checkpoint written to \(saved.path); continue with the same command and --resume \(saved.path)"
            print(message)
            FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
            Foundation.exit(ExitStatus.checkpointed.rawValue)
        }
        defer { if sampled.wasInterrupted { Foundation.exit(130) } }
        try report(sampled, files: sampled.csvFiles)
    }

    /// Loads the model and runs the chains. A `piece` (a strata-mpi rank's share) runs only its chains, into its
    /// folder, with headers that record the whole run's chain count so that its files equal one process's.
    func sample(piece: SamplePiece? = nil) throws -> SampledRun {
        let clock = ContinuousClock()
        let started = clock.now
        let announce = !quiet && piece?.announce != false
        var config = try sampler.configuration()
        var loaded = try ModelCatalog.load(model, dataPath: data, generatedQuantities: !noGeneratedQuantities,
                                           marginalise: marginalise == .auto, seed: config.seed)
        loaded.model = loaded.model.withThreadsPerChain(sampler.threadsPerChain)
        if announce {
            for line in loaded.marginalisation { FileHandle.standardError.write("strata: \(line)\n".data(using: .utf8)!) }
            let seconds = Double((clock.now - started).components.attoseconds) * 1e-18 + Double((clock.now - started).components.seconds)
            FileHandle.standardError.write(String(format: "strata: %@ loaded (%d unconstrained parameters) in %.3f s\n",
                                                  loaded.name, loaded.model.dimension, seconds).data(using: .utf8)!)
        }
        if let initial {
            if initial == "optimize" {
                let mode = try OptimizeService.run(model: loaded.model, jacobian: true, seed: config.seed)
                config.inits = [mode.result.x]
            } else {
                config.inits = [try ModelCatalog.initialPoint(path: initial, model: loaded.model)]
            }
        }
        if let metricFile {
            config.initialInverseMetric = try MetricFile.read(path: metricFile, kind: config.metric,
                                                              dimension: loaded.model.dimension)
        }
        try batch.apply(to: &config)
        let runChains = config.chains
        if let piece {
            config.firstChain = piece.chains.lowerBound - 1
            config.chains = piece.chains.count
        }
        config.keepDraws = false   // the summary is computed from the CSV files: memory stays O(parameters)
        let dataBytes = try data.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? Data()
        let programText = model.hasSuffix(".stan") ? try String(contentsOfFile: model, encoding: .utf8) : model
        let identity = RunIdentity(programText: programText, dataBytes: dataBytes, configuration: config,
                                   extraSettings: "model=\(loaded.name) marginalise=\(marginalise.rawValue) "
                                       + "generated_quantities=\(!noGeneratedQuantities)")
        let checkpoint = try checkpointOptions(identity: identity, modelName: loaded.name, configuration: config)
        let interrupt = InterruptHandler(checkpointing: checkpoint != nil)
        let netCDF = batch.outputFormat == .netcdf
        if netCDF && config.saveWarmup {
            throw ValidationError("--save-warmup writes the warmup iterations to CSV files; the netCDF output keeps post-warmup draws only")
        }
        try SampleService.preflight(model: loaded.model, configuration: config, drawsHeldForSummary: !netCDF)
        let progress = ProgressPrinter(chains: config.chains, warmup: config.warmup, samples: config.samples, quiet: quiet,
                                       firstChain: config.firstChain, format: batch.progress)
        var options = SampleOutputOptions(directory: piece?.directory ?? URL(fileURLWithPath: output), modelName: loaded.name,
                                          dataFile: loaded.dataFile)
        options.identity = identity
        if netCDF { options.format = .netcdf }
        options.recordedChains = runChains
        let outcome = try SampleService.run(model: loaded.model, configuration: config, output: options,
                                            interrupt: interrupt.flag, progress: progress.callback, checkpoint: checkpoint)
        progress.finish()
        return SampledRun(outcome: outcome, model: loaded.model, directory: options.directory)
    }

    /// Saves the metric, then prints the summary computed from `files` (every chain of the run) and writes the profile.
    func report(_ sampled: SampledRun, files: [URL]) throws {
        let outcome = sampled.outcome
        if let saveMetric, let first = outcome.results.first { try MetricFile.write(first.inverseMetric, to: saveMetric) }
        if batch.outputFormat == .netcdf {
            SummaryPrinter.print(outcome, files: try? ChainFilesSummary(netCDF: files))
            print("netCDF file: " + files.map(\.path).joined(separator: ", "))
        } else {
            SummaryPrinter.print(outcome, files: try? ChainFilesSummary(files: files.map { url in
                FileManager.default.fileExists(atPath: url.path) ? url : URL(fileURLWithPath: url.path + ".partial")
            }))
            print("CSV files: " + files.map(\.path).joined(separator: ", "))
        }
        if let profile = try ProfileReport.write(model: sampled.model, directory: sampled.directory) {
            print("Profile: " + profile.path)
        }
    }

    /// Checkpointing options: the file to write, and the checkpoint to resume (checked against this run).
    private func checkpointOptions(identity: RunIdentity, modelName: String, configuration: SamplerConfiguration) throws
        -> CheckpointOptions? {
        guard let path = batch.checkpointPath else { return nil }
        var options = CheckpointOptions(path: URL(fileURLWithPath: path), interval: batch.checkpointEvery, identity: identity)
        if let resume = batch.resume {
            let saved = try CheckpointFile(contentsOf: URL(fileURLWithPath: resume))
            try saved.check(identity: identity, modelName: modelName, firstChain: configuration.firstChain,
                            chains: configuration.chains, path: resume)
            options.resume = saved
        }
        return options
    }
}
