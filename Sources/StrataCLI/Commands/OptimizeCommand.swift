// `strata optimize`: L-BFGS to the mode, printed and written as JSON.
import ArgumentParser
import Foundation
import Strata

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "optimize", abstract: "Find the posterior mode with L-BFGS.")

    @Argument(help: "A Stan program (.stan) or builtin:<name>.") var model: String
    @Option(help: "Data file (CmdStan JSON).") var data: String?
    @Flag(name: .customLong("no-generated-quantities"), help: "Skip the generated quantities block.") var noGeneratedQuantities = false
    @Option(name: [.customLong("init"), .customLong("initial")],
            help: "Initial values (CmdStan JSON of constrained values).") var initial: String?
    @Flag(help: "Include the log-Jacobian of the constraint transforms (MAP on the unconstrained scale).") var jacobian = false
    @Option(help: "Seed for the random initial point.") var seed: UInt64 = SamplerDefaults.seed
    @Option(help: "Where to write the estimate (JSON).") var output = "output/optimize.json"

    func run() throws {
        let loaded = try ModelCatalog.load(model, dataPath: data, generatedQuantities: !noGeneratedQuantities, seed: seed)
        let start = try initial.map { try ModelCatalog.initialPoint(path: $0, model: loaded.model) }
        let outcome = try OptimizeService.run(model: loaded.model, jacobian: jacobian, initial: start, seed: seed)
        print(outcome.result.termination.message)
        print(String(format: "lp = %.6g after %d iterations (%d evaluations)", outcome.result.logDensity,
                     outcome.result.iterations, outcome.result.evaluations))
        for (n, v) in zip(outcome.names, outcome.values).prefix(40) { print("\(n) = \(v)") }
        if outcome.names.count > 40 { print("... (\(outcome.names.count - 40) more in \(output))") }
        var json: [String: Any] = ["lp__": outcome.result.logDensity, "termination": outcome.result.termination.message]
        for (n, v) in zip(outcome.names, outcome.values) { json[n] = v }
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        print("Wrote \(output)")
        switch outcome.result.termination {
        case .lineSearchFailed:
            // As CmdStan: the estimate is written, but the run is an error (exit 70).
            FileHandle.standardError.write("strata: optimization terminated with error: \(outcome.result.termination.message); the estimate is not a mode\n".data(using: .utf8)!)
            throw ExitCode(ExitStatus.software.rawValue)
        case .maximumIterations:
            FileHandle.standardError.write("strata: warning: \(outcome.result.termination.message)\n".data(using: .utf8)!)
        default: break
        }
    }
}
