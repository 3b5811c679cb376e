// Command-line options for batch runs: checkpoint/resume, chains split over processes, machine-readable progress.
import ArgumentParser
import Foundation
import Strata

/// `--checkpoint`, `--checkpoint-every`, `--resume`, `--chain-ids`, `--first-chain` and `--progress`.
struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the complete sampler state of every chain to FILE (atomically) when the run is stopped by SIGTERM, SIGUSR1 or SIGINT, and every --checkpoint-every seconds.",
                               valueName: "FILE"))
    var checkpoint: String?
    @Option(name: .customLong("checkpoint-every"), help: ArgumentHelp("Seconds between checkpoints while the run goes on (default: only when stopped).", valueName: "SECONDS"))
    var checkpointEvery: Double?
    @Option(help: ArgumentHelp("Continue the run saved in FILE (give the same model, data and options); its draws are the same as an uninterrupted run's. Further checkpoints go to --checkpoint, or to FILE.",
                               valueName: "FILE"))
    var resume: String?
    @Option(name: .customLong("chain-ids"), help: ArgumentHelp("Run chains A..B (1-based) of a larger run, with the random streams they have in one run: e.g. 5-8.",
                                                              valueName: "A-B"))
    var chainIDs: String?
    @Option(name: .customLong("first-chain"), help: ArgumentHelp("Run-wide id (1-based) of this process's first chain; with --chains N runs chains first..first+N-1.",
                                                                 valueName: "ID"))
    var firstChain: Int?
    @Option(name: .customLong("output-format"), help: ArgumentHelp("csv (CmdStan CSV per chain, default) or netcdf (one ArviZ InferenceData file <model>.nc, streamed).", valueName: "FORMAT"))
    var outputFormat: OutputFormatOption = .csv
    @Option(help: ArgumentHelp("Progress on standard error: text (default) or json (one object per line per chain).", valueName: "FORMAT"))
    var progress: ProgressFormat = .text

    func validate() throws {
        if let checkpointEvery, !(checkpointEvery > 0 && checkpointEvery.isFinite) {
            throw ValidationError("--checkpoint-every must be a positive number of seconds (got \(checkpointEvery))")
        }
        if checkpointEvery != nil && checkpoint == nil && resume == nil {
            throw ValidationError("--checkpoint-every needs --checkpoint FILE")
        }
        if outputFormat == .netcdf && checkpointPath != nil {
            throw ValidationError("--checkpoint and --resume work with --output-format csv (the netCDF file is not resumable)")
        }
        if chainIDs != nil && firstChain != nil { throw ValidationError("give --chain-ids or --first-chain, not both") }
        if let firstChain, firstChain < 1 { throw ValidationError("--first-chain must be at least 1 (got \(firstChain))") }
        _ = try chainRange()
    }

    /// The 1-based chain ids of `--chain-ids A-B` (or a single id `A`), or nil.
    func chainRange() throws -> ClosedRange<Int>? {
        guard let chainIDs else { return nil }
        let parts = chainIDs.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let bad = ValidationError("--chain-ids must be A-B with 1 <= A <= B, e.g. 5-8 (got '\(chainIDs)')")
        switch parts.count {
        case 1: guard let a = parts[0], a >= 1 else { throw bad }; return a...a
        case 2: guard let a = parts[0], let b = parts[1], a >= 1, b >= a else { throw bad }; return a...b
        default: throw bad
        }
    }

    /// Applies the chain selection to a configuration (`chains` from `--chains` unless `--chain-ids` sets it).
    func apply(to configuration: inout SamplerConfiguration) throws {
        if let range = try chainRange() {
            configuration.firstChain = range.lowerBound - 1
            configuration.chains = range.count
        } else if let firstChain {
            configuration.firstChain = firstChain - 1
        }
    }

    /// The checkpoint file to write, if any.
    var checkpointPath: String? { checkpoint ?? resume }
}

/// `--output-format`.
enum OutputFormatOption: String, ExpressibleByArgument {
    case csv, netcdf
}

/// How progress is printed.
enum ProgressFormat: String, ExpressibleByArgument {
    case text, json
}
