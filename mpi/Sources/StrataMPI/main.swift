// strata-mpi: `mpirun -n R strata-mpi sample MODEL [options]` runs one `strata sample` with its chains spread over
// R processes; rank 0 gathers every chain's CSV into --output and prints the summary over all chains.
import Foundation
import StrataCLI

let mpi = Communicator()
let isLead = mpi.rank == 0

/// Every rank calls this after each step with its own failure, if any. When some rank failed, the lead prints the
/// failure of the lowest such rank and every rank exits with its status, so no rank is left waiting.
func agree(_ failure: CommandFailure?) {
    let statuses = mpi.allGather(failure.map { Int64($0.status) } ?? -1)
    guard let failed = statuses.firstIndex(where: { $0 >= 0 }) else { return }
    var message = failure?.message ?? ""
    if failed != 0 {
        if mpi.rank == failed { mpi.send(Data(message.utf8), to: 0) }
        if isLead { message = "strata-mpi: rank \(failed) of \(mpi.size) failed:\n" + String(decoding: mpi.receive(from: failed), as: UTF8.self) }
    }
    if isLead {
        let toStandardOutput = failed == 0 && failure?.toStandardOutput == true
        (toStandardOutput ? FileHandle.standardOutput : FileHandle.standardError).write(Data(message.utf8))
    }
    mpi.exit(Int32(statuses[failed]))
}

/// Runs `body`, turning its error into the failure `strata sample` reports for it.
func attempt(_ body: () throws -> Void) -> CommandFailure? {
    do { try body(); return nil } catch let failure as CommandFailure { return failure } catch {
        return SplitSampleCommand.failure(error)
    }
}

let usage = "Usage: mpirun -n RANKS strata-mpi sample <model> [strata sample options]\n"
    + "  Runs the chains of one `strata sample` on RANKS processes (at most one per chain); rank 0 writes every\n"
    + "  chain's CSV into --output and prints the summary over all chains. Exit codes as `strata sample`.\n"

// 1. Every rank parses the same command line and computes the same split of the chains.
var command: SplitSampleCommand!
var pieces: [ClosedRange<Int>] = []
var arguments = Array(CommandLine.arguments.dropFirst())
agree(attempt {
    guard arguments.first == "sample" else {
        let help = arguments.first.map { ["--help", "-h", "help"].contains($0) } ?? false
        throw CommandFailure(status: help ? 0 : 64, message: help ? usage : "Error: expected `sample` as the command\n" + usage,
                             toStandardOutput: help)
    }
    arguments.removeFirst()
    command = try SplitSampleCommand(arguments: arguments)
    pieces = try SplitSampleCommand.partition(command.chainIDs, ranks: mpi.size)
})

// 2. Each rank samples its chains: the lead into --output, the others into a private temporary folder.
let directory = isLead ? command.outputDirectory
    : FileManager.default.temporaryDirectory.appendingPathComponent("strata-mpi-\(getpid())-rank\(mpi.rank)-\(UUID().uuidString.prefix(8))")
var sampled: SampledRun!
agree(attempt { sampled = try command.run(chains: pieces[mpi.rank], into: directory, announce: isLead) })

// 3. The other ranks send their CSVs to the lead, which writes them beside its own.
var files = sampled.csvFiles
agree(attempt {
    if isLead {
        files += try mpi.receiveFiles(into: directory)
    } else {
        defer { try? FileManager.default.removeItem(at: directory) }
        try mpi.sendFiles(files)
    }
})

// 4. The lead summarises all chains; a signal on any rank gives the interrupted status everywhere.
let interrupted = mpi.allGather(sampled.wasInterrupted ? 1 : 0).contains(1)
agree(attempt { if isLead { try command.report(sampled, files: files) } })
mpi.exit(interrupted ? SplitSampleCommand.interruptedStatus : 0)
