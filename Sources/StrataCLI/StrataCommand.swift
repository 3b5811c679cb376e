// The `strata` command: fit hierarchical Bayesian models from the shell or a batch script.
import ArgumentParser
import Foundation

@main
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
            var message = describe(error)
            if !message.hasSuffix("\n") { message += "\n" }
            FileHandle.standardError.write(("Error: " + message).data(using: .utf8)!)
            Foundation.exit(status.rawValue)
        }
    }
}
