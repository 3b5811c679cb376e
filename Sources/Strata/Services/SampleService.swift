// The sample workflow: run NUTS chains concurrently, stream CSVs, then summarise and diagnose.
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import StrataCore
import StrataDiagnostics
import StrataOutput
import StrataSamplers
import StrataNetCDF

/// How a sampling run writes its draws.
public enum SampleOutputFormat: String, Sendable, CaseIterable {
    /// CmdStan-compatible CSV files, one per chain.
    case csv
    /// One ArviZ InferenceData netCDF-4 file (`<model>.nc`) for all chains, written as draws arrive.
    case netcdf
}

/// Where and how to write a sampling run's files.
public struct SampleOutputOptions {
    /// Folder for `<model>_<chain>.csv` (created if missing).
    public var directory: URL
    /// Model name written in the CSV header and used in file names.
    public var modelName: String
    /// Data file name recorded in the header.
    public var dataFile: String
    /// CSV files (default) or one netCDF file.
    public var format = SampleOutputFormat.csv
    /// The program, data and settings hashes recorded in each header (for `strata summary` to check that
    /// merged folders belong together), if known.
    public var identity: RunIdentity?
    /// The chain count recorded as `num_chains` (nil: the configuration's). A process that runs some chains of a
    /// larger run (a strata-mpi rank) records the whole run's, so that its files equal one process's.
    public var recordedChains: Int?

    /// Creates options.
    public init(directory: URL, modelName: String, dataFile: String = "") {
        self.directory = directory; self.modelName = modelName; self.dataFile = dataFile
    }

    /// The CSV file of 0-based chain `chain` (CmdStan numbers chains from 1).
    public func csvURL(chain: Int) -> URL { directory.appendingPathComponent("\(modelName)_\(chain + 1).csv") }

    /// The netCDF file of `--output-format netcdf` for `chains` chains starting at 0-based run-wide id
    /// `firstChain`: `<model>.nc`, or `<model>_<a>-<b>.nc` (1-based ids) for a piece of a split run that does
    /// not start at chain 1, so the pieces of one run can share a folder.
    public func netCDFURL(firstChain: Int = 0, chains: Int) -> URL {
        let suffix = firstChain == 0 ? "" : "_\(firstChain + 1)-\(firstChain + chains)"
        return directory.appendingPathComponent("\(modelName)\(suffix).nc")
    }
}

/// Everything a sampling run produced.
public struct SampleOutcome {
    /// Per-chain draws and statistics.
    public let results: [ChainResult]
    /// Output names (CmdStan style), without the sampler columns.
    public let names: [String]
    /// Summary of lp__ followed by the summarised outputs.
    public let summaries: [PosteriorSummary]
    /// Divergences, tree-depth hits and E-BFMI per chain.
    public let health: SamplerHealth
    /// Plain-language warnings (empty when all is well).
    public let warnings: [String]
    /// CSV files written, one per chain (or the one netCDF file of ``SampleOutputFormat/netcdf``).
    public let csvFiles: [URL]
    /// Wall-clock seconds of the run.
    public let seconds: Double
    /// The checkpoint written when the run was stopped with checkpointing on (the CSVs keep their
    /// `.partial` names for `--resume`); nil otherwise.
    public internal(set) var checkpoint: URL? = nil

    /// Draws of output `j` as [chain][iteration].
    public func draws(ofOutput j: Int) -> [[Double]] { results.map { $0.values(ofOutput: j) } }

    /// Draws of a named output as [chain][iteration].
    public func draws(of name: String) -> [[Double]]? {
        names.firstIndex(of: name).map { draws(ofOutput: $0) }
    }
}

/// Checkpointing of a sampling run (`--checkpoint`, `--resume`).
public struct CheckpointOptions {
    /// Where checkpoints are written (atomically).
    public var path: URL
    /// Seconds between checkpoints while the run goes on; nil: only when the run is stopped.
    public var interval: Double?
    /// The run's identity, recorded in the checkpoint.
    public var identity: RunIdentity
    /// The checkpoint to continue from (already checked against this run), or nil for a fresh run.
    public var resume: CheckpointFile?

    /// Creates options.
    public init(path: URL, interval: Double?, identity: RunIdentity, resume: CheckpointFile? = nil) {
        self.path = path; self.interval = interval; self.identity = identity; self.resume = resume
    }
}

/// Runs NUTS on a model.
public enum SampleService {
    /// Samples `model`.
    /// - Parameters:
    ///   - configuration: chains, iterations, seed, metric, inits (unconstrained), threads...
    ///   - output: where to stream CSVs (nil: keep draws in memory only).
    ///   - summaryLimit: summarise at most this many outputs (lp__ always); large models have 10⁵.
    ///   - interrupt: set it (e.g. on SIGINT) to stop all chains and keep the draws made so far.
    ///   - progress: per-iteration progress from the chain threads.
    /// - Throws: ``SamplerError``, ``StanCSVError`` or the model's fatal errors.
    public static func run<Model: LogDensityModel>(
        model: Model, configuration: SamplerConfiguration, output: SampleOutputOptions? = nil,
        summaryLimit: Int = .max, interrupt: InterruptFlag? = nil, progress: ProgressCallback? = nil,
        checkpoint: CheckpointOptions? = nil
    ) throws -> SampleOutcome {
        let names = model.outputNames
        if output?.format == .netcdf && checkpoint != nil {
            throw SamplerError.invalidConfiguration("checkpoints are written for CSV output: use --output-format csv with --checkpoint")
        }
        try preflight(model: model, configuration: configuration,
                      drawsHeldForSummary: configuration.keepDraws || output?.format != .netcdf)
        var sinks: [StanCSVDrawSink] = []
        var netCDF: (writer: NetCDFPosteriorWriter, sinks: [NetCDFDrawSink])?
        var files: [URL] = []
        var lock: OutputFolderLock?
        defer { lock?.release() }
        let resume = checkpoint?.resume
        if let output, output.format == .netcdf {
            lock = try OutputFolderLock(directory: output.directory)
            let url = output.netCDFURL(firstChain: configuration.firstChain, chains: configuration.chains)
            let writer = try netCDFWriter(configuration, output: output, names: names, url: url)
            netCDF = (writer, (0..<configuration.chains).map { NetCDFDrawSink(writer: writer, position: $0) })
            files = [url]
        } else if let output {
            lock = try OutputFolderLock(directory: output.directory)
            for chain in 0..<configuration.chains {
                let url = output.csvURL(chain: configuration.firstChain + chain)
                if let record = resume?.records[chain], record.sampler != nil, let state = record.sink {
                    sinks.append(try StanCSVDrawSink(resuming: partialURL(url), state: state, parameterNames: names,
                                                     numberFormat: StanCSVHeader(modelName: "").numberFormat))
                } else {
                    let header = csvHeader(configuration, output: output, chain: chain, url: url)
                    // Written under a temporary name (readable while the run goes on), renamed when complete.
                    try? FileManager.default.removeItem(at: url)
                    sinks.append(try StanCSVDrawSink(url: partialURL(url), header: header, parameterNames: names))
                }
                files.append(url)
            }
        }
        let coordinator = checkpoint.map { options in
            CheckpointCoordinator(
                records: resume?.records ?? (0..<configuration.chains).map { ChainCheckpointRecord(chain: $0, sampler: nil, sink: nil) },
                interval: options.interval,
                write: { records in
                    try CheckpointFile(identity: options.identity, modelName: output?.modelName ?? "",
                                       firstChain: configuration.firstChain, records: records).write(to: options.path)
                })
        }
        let start = Date()
        let results = try MultiChainRunner(configuration: configuration).run(
            model: model, sinks: netCDF?.sinks ?? sinks, interrupt: interrupt, progress: progress, checkpoint: coordinator)
        let seconds = Date().timeIntervalSince(start)
        if let netCDF, let url = files.first {
            if let error = netCDF.sinks.compactMap(\.error).first { throw error }
            try netCDF.writer.close()
            try finish(netCDF.writer.url, as: url)
        }
        if let coordinator, let checkpoint, results.contains(where: \.wasInterrupted) {
            // Stopped with a checkpoint: leave the files as they are (named .partial, no timing block) for --resume.
            for sink in sinks {
                if let error = sink.error { throw error }
                try sink.writer.close()
            }
            try coordinator.writeNow()
            var outcome = try summarize(results: results, names: names, maxTreeDepth: configuration.maxDepth,
                                        summaryLimit: summaryLimit, files: files, seconds: seconds)
            outcome.checkpoint = checkpoint.path
            return outcome
        }
        for (sink, url) in zip(sinks, files) {
            if let error = sink.error { throw error }
            try sink.writer.writeTiming(sink.timing)
            try sink.writer.close()
            try finish(sink.writer.url, as: url)
        }
        if let checkpoint, !results.contains(where: \.wasInterrupted) {
            // The run is complete: its checkpoint refers to files that are now renamed.
            try? FileManager.default.removeItem(at: checkpoint.path)
        }
        return try summarize(results: results, names: names, maxTreeDepth: configuration.maxDepth,
                             summaryLimit: summaryLimit, files: files, seconds: seconds)
    }

    /// The CSV header of chain `chain` (0-based within this process).
    static func csvHeader(_ configuration: SamplerConfiguration, output: SampleOutputOptions, chain: Int, url: URL)
        -> StanCSVHeader {
        var header = StanCSVHeader(modelName: output.modelName)
        header.numSamples = configuration.samples
        header.numWarmup = configuration.warmup
        header.saveWarmup = configuration.saveWarmup
        header.thin = configuration.thin
        header.delta = configuration.adaptDelta
        header.gamma = configuration.gamma
        header.kappa = configuration.kappa
        header.t0 = configuration.t0
        header.initBuffer = configuration.initBuffer
        header.termBuffer = configuration.termBuffer
        header.window = configuration.baseWindow
        header.maxDepth = configuration.maxDepth
        // CmdStan readers (cmdstanpy refuses an unknown metric) get the diagonal the adaptation block lists for a
        // low-rank metric; `strata_metric_kind` names the metric that ran.
        header.metric = configuration.metric == .lowRank ? MetricKind.diagonal.cmdStanName
                                                         : configuration.metric.cmdStanName
        header.numChains = output.recordedChains ?? configuration.chains
        header.chainID = configuration.firstChain + chain + 1
        header.dataFile = output.dataFile
        header.seed = configuration.seed
        header.outputFile = url.lastPathComponent
        header.startDate = Date()
        header.strataLines = output.identity?.headerLines.map { (key: $0.0, value: $0.1) } ?? []
        if configuration.metric == .lowRank {
            header.strataLines.insert((key: "strata_metric_kind", value: configuration.metric.cmdStanName), at: 0)
        }
        return header
    }

    /// Renames a finished file from the temporary name it was written under.
    static func finish(_ partial: URL, as url: URL) throws {
        guard rename(partial.path, url.path) == 0 else {
            throw OutputFolderError(path: url.path, message: "cannot rename the finished file from "
                                    + "\(partial.lastPathComponent) (\(String(cString: strerror(errno))))")
        }
    }

    /// Creates the netCDF file of a run under its temporary name (renamed to `url` when the run ends), with the
    /// run's settings and identity as global attributes.
    static func netCDFWriter(_ configuration: SamplerConfiguration, output: SampleOutputOptions, names: [String], url: URL)
        throws -> NetCDFPosteriorWriter {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
            throw OutputFolderError(path: url.path, message: "is a folder; the run's netCDF file cannot replace it")
        }
        var attributes = [("model", output.modelName), ("data_file", output.dataFile), ("seed", "\(configuration.seed)"),
                          ("num_warmup", "\(configuration.warmup)"), ("num_samples", "\(configuration.samples)"),
                          ("thin", "\(configuration.thin)"), ("max_depth", "\(configuration.maxDepth)"),
                          ("metric", configuration.metric.cmdStanName), ("strata_version", RunIdentity.currentVersion)]
        attributes += output.identity?.headerLines ?? []
        return try NetCDFPosteriorWriter(
            url: partialURL(url), chainIDs: (0..<configuration.chains).map { configuration.firstChain + $0 },
            draws: (configuration.samples + configuration.thin - 1) / configuration.thin, outputNames: names,
            attributes: attributes)
    }

    /// The name a chain's CSV has while it is written.
    static func partialURL(_ url: URL) -> URL {
        url.deletingLastPathComponent().appendingPathComponent(url.lastPathComponent + OutputFolderLock.partialSuffix)
    }

    /// Checks a run before anything is allocated: the configuration's values, and that the draws kept in
    /// memory fit in the machine's.
    /// - Throws: ``SamplerError`` or ``StrataCore/InsufficientMemoryError`` ("needs N GiB; the machine has M").
    /// `drawsHeldForSummary`: false when nothing holds every draw (no in-memory draws, summary read from a
    /// netCDF file in blocks), so only the per-chain state counts.
    public static func preflight<Model: LogDensityModel>(model: Model, configuration: SamplerConfiguration,
                                                         drawsHeldForSummary: Bool = true) throws {
        try configuration.validate(dimension: model.dimension)
        try checkMemory(configuration, outputs: model.outputNames.count, dimension: model.dimension,
                        drawsHeld: drawsHeldForSummary)
    }

    /// Refuses a run whose draws (kept in memory for the summary) cannot fit in the machine's memory.
    static func checkMemory(_ c: SamplerConfiguration, outputs: Int, dimension: Int, drawsHeld: Bool = true) throws {
        // Every kept draw is held for the summary: in the results, or read back from the CSV files.
        let kept = drawsHeld ? Double((c.samples + c.thin - 1) / c.thin) : 0
        let warmup = c.saveWarmup && drawsHeld ? Double((c.warmup + c.thin - 1) / c.thin) : 0
        let perDraw = Double(outputs) * 8 + Double(MemoryLayout<TransitionInfo>.stride)
        let metric = c.metric == .dense ? Double(dimension) * Double(dimension) * 8 * 4 : Double(dimension) * 8 * 8
        let bytes = Double(c.chains) * ((kept + warmup) * perDraw + metric)
        try MemoryBudget.require(bytes, for: "sampling \(c.chains) chains × \(Int(kept)) kept draws × \(outputs) outputs")
    }

    /// Summaries, health and warnings for finished chains.
    static func summarize(results: [ChainResult], names: [String], maxTreeDepth: Int, summaryLimit: Int,
                          files: [URL], seconds: Double) throws -> SampleOutcome {
        let usable = results.filter { $0.drawCount >= 4 }
        let health = try SamplerHealth(divergent: results.map { $0.stats.map(\.isDivergent) },
                                       treeDepth: results.map { $0.stats.map(\.treeDepth) },
                                       energy: results.map { $0.stats.map(\.energy) }, maxTreeDepth: maxTreeDepth)
        var summaries: [PosteriorSummary] = []
        if !usable.isEmpty {
            let length = usable.map(\.drawCount).min()!
            func trimmed(_ chains: [[Double]]) -> [[Double]] { chains.map { Array($0.prefix(length)) } }
            summaries.append(try PosteriorSummary(name: "lp__", draws: trimmed(usable.map { $0.stats.map(\.logDensity) })))
            let count = min(summaryLimit, names.count)
            let variables = [PosteriorSummary?](unsafeUninitializedCapacity: count) { buffer, initialized in
                let base = buffer.baseAddress!
                DispatchQueue.concurrentPerform(iterations: count) { j in
                    let d = trimmed(usable.map { $0.values(ofOutput: j) })
                    (base + j).initialize(to: try? PosteriorSummary(name: names[j], draws: d))
                }
                initialized = count
            }
            summaries += variables.compactMap { $0 }
        }
        let warnings = SamplerWarnings().messages(health: health, summaries: summaries, chains: usable.count)
        return SampleOutcome(results: results, names: names, summaries: summaries, health: health,
                             warnings: warnings, csvFiles: files, seconds: seconds)
    }
}
