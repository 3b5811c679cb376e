// The `strata` command: fit hierarchical Bayesian models from the shell or a batch script.
import ArgumentParser

@main
struct StrataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "strata",
        abstract: "Fit hierarchical Bayesian models fast: NUTS with concurrent chains, L-BFGS, diagnostics.",
        subcommands: [SampleCommand.self, CheckCommand.self, OptimizeCommand.self, SummaryCommand.self, WidgetsCommand.self, GraphCommand.self,
                      ProfileCommand.self, BenchCommand.self])
}
