// `strata sample` shared by cooperating processes (strata-mpi ranks): parse once, each runs its chains, the lead reports.
import ArgumentParser
import Foundation
import Strata

/// The chains one process runs of a larger run (run-wide ids, 1-based), and the folder it writes them to.
struct SamplePiece {
    let chains: ClosedRange<Int>
    let directory: URL
    /// Whether this process prints the model's load messages (only the lead does).
    let announce: Bool
}

/// What one process sampled, kept for the report.
public struct SampledRun {
    let outcome: SampleOutcome
    let model: GraphModel
    let directory: URL

    /// The CSV files this process wrote, in chain order.
    public var csvFiles: [URL] { outcome.csvFiles }
    /// Whether a signal stopped the chains before the end (the files keep the finished draws).
    public var wasInterrupted: Bool { outcome.results.contains(where: \.wasInterrupted) }
}

/// A `strata sample` command line whose chains several processes share: each runs a contiguous block of the
/// chains with the random streams they have in one process, and the lead gathers the files and reports.
public struct SplitSampleCommand {
    private let command: SampleCommand
    /// Run-wide ids (1-based) of every chain the command line asks for (`--chains`, `--chain-ids`, `--first-chain`).
    public let chainIDs: ClosedRange<Int>
    /// The `--output` folder, where the lead writes every chain's CSV.
    public var outputDirectory: URL { URL(fileURLWithPath: command.output) }

    /// Parses the options that follow `sample`, with the checks `strata sample` makes.
    /// - Throws: ArgumentParser's errors, or a usage error for an option a split run cannot honour.
    public init(arguments: [String]) throws {
        command = try SampleCommand.parse(joiningNegativeOptionValues(arguments))
        if command.batch.checkpointPath != nil {
            throw CLIError(.usage, "--checkpoint and --resume are not supported by strata-mpi; to run through a time limit, "
                           + "split the chains over job-array tasks with --chain-ids (examples/slurm/strata-array.sh)")
        }
        if command.batch.outputFormat == .netcdf {
            throw CLIError(.usage, "--output-format netcdf is not supported by strata-mpi yet (its ranks gather CSV files); "
                           + "use CSV, or run the chains as job-array tasks with --chain-ids and merge the .nc pieces with strata summary")
        }
        var configuration = SamplerConfiguration()
        configuration.chains = command.sampler.chains
        try command.batch.apply(to: &configuration)
        chainIDs = (configuration.firstChain + 1)...(configuration.firstChain + configuration.chains)
    }

    /// Loads the model and runs chains `chains` into `directory` (created if missing). The CSV headers record the
    /// whole run's chain count, so the files are those of one process apart from start time and elapsed time.
    /// - Parameter announce: print the model's load messages (the lead; unless `--quiet`).
    public func run(chains: ClosedRange<Int>, into directory: URL, announce: Bool) throws -> SampledRun {
        try command.sample(piece: SamplePiece(chains: chains, directory: directory, announce: announce))
    }

    /// The lead's report once every chain's CSV is in `files`: saved metric, summary over all chains, profile.
    public func report(_ sampled: SampledRun, files: [URL]) throws {
        try command.report(sampled, files: files)
    }

    /// Splits `chains` over `ranks` processes in contiguous blocks, the first `chains.count % ranks` one longer.
    /// - Throws: a usage error when there are more processes than chains.
    public static func partition(_ chains: ClosedRange<Int>, ranks: Int) throws -> [ClosedRange<Int>] {
        guard ranks >= 1, ranks <= chains.count else {
            throw CLIError(.usage, "\(ranks) MPI processes for \(chains.count) chain\(chains.count == 1 ? "" : "s") "
                           + "(\(chains.lowerBound)-\(chains.upperBound)): every process needs a chain; start at most "
                           + "\(chains.count) processes (mpirun -n) or ask for more --chains")
        }
        let base = chains.count / ranks, extra = chains.count % ranks
        var first = chains.lowerBound
        return (0..<ranks).map { rank in
            let count = base + (rank < extra ? 1 : 0)
            defer { first += count }
            return first...(first + count - 1)
        }
    }

    /// How `strata` reports `error`: its exit status and text, as `strata sample` would print it.
    public static func failure(_ error: Error) -> CommandFailure {
        if let status = ExitStatus.of(error) {
            return CommandFailure(status: status.rawValue, message: errorText(error), toStandardOutput: false)
        }
        let status = SampleCommand.exitCode(for: error).rawValue
        var message = SampleCommand.fullMessage(for: error)
        if !message.hasSuffix("\n") { message += "\n" }
        return CommandFailure(status: status, message: message, toStandardOutput: status == 0)
    }

    /// The exit status of a run stopped by a signal (the files keep the finished draws).
    public static let interruptedStatus = ExitStatus.interrupted.rawValue
}

/// An error as a command reports it.
public struct CommandFailure {
    /// The documented exit status.
    public let status: Int32
    /// The text, ending in a newline (`Error: ...`, or ArgumentParser's usage message or help).
    public let message: String
    /// True for `--help` (printed on standard output, exit 0).
    public let toStandardOutput: Bool

    /// A failure with a chosen status and text.
    public init(status: Int32, message: String, toStandardOutput: Bool = false) {
        self.status = status; self.message = message; self.toStandardOutput = toStandardOutput
    }
}
