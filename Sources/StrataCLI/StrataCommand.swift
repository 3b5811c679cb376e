// The `strata` command: fit hierarchical Bayesian models from the shell or a batch script.
import ArgumentParser
import Foundation

/// Runs `strata` on the process's command line; errors exit with their documented code (see the README).
public func strataMain() { StrataCommand.main() }

struct StrataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Fit hierarchical Bayesian models fast: NUTS with concurrent chains, L-BFGS, diagnostics.",
        discussion: "Exit codes:\n" + ExitStatus.table,
        subcommands: [SampleCommand.self, CheckCommand.self, OptimizeCommand.self, SummaryCommand.self, WidgetsCommand.self, GraphCommand.self, PlotCommand.self,
                      ReportCommand.self, ProfileCommand.self, BenchCommand.self, GenerateCommand.self])

    /// Runs the command; errors exit with the documented code of their kind (see ``ExitStatus``).
    static func main() {
        let arguments = joiningNegativeOptionValues(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            guard let status = ExitStatus.of(error) else { exit(withError: error) }
            FileHandle.standardError.write(errorText(error).data(using: .utf8)!)
            Foundation.exit(status.rawValue)
        }
    }
}

/// The `Error: ...` text (ending in a newline) printed for an error that has a documented exit code.
func errorText(_ error: Error) -> String {
    var message = describe(error)
    if !message.hasSuffix("\n") { message += "\n" }
    return "Error: " + message
}
