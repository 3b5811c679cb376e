// `strata check`: validate a Stan program, and with --data the data and the model's log density too.
import ArgumentParser
import Foundation
import Strata
import StrataStanFrontEnd

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a Stan program (syntax and types) and, with --data, its data and log density.")

    @Argument(help: "A Stan program (.stan).") var model: String
    @Option(help: "Data file (CmdStan JSON) to validate against the data block.") var data: String?
    @Option(help: "Seed for the random point at which the log density is evaluated.") var seed: UInt64 = SamplerDefaults.seed

    func run() throws {
        let source: String
        do { source = try StanSourceFile(path: model).source } catch { throw CLIError(.noInput, "\(error)") }
        let fileName = (model as NSString).lastPathComponent
        let checked = StanFrontEnd.check(source: source)
        guard checked.succeeded else {
            var text = DiagnosticRenderer(source: source, fileName: fileName).render(checked.diagnostics)
            if !text.hasSuffix("\n") { text += "\n" }
            FileHandle.standardError.write(text.data(using: .utf8)!)
            throw ExitCode(ExitStatus.dataError.rawValue)
        }
        guard let data else {
            print("\(fileName): syntax and types OK (pass --data to check the data and log density)")
            return
        }
        let loaded = try ModelCatalog.load(model, dataPath: data)
        let marginalised = try ModelCatalog.load(model, dataPath: data, marginalise: true)
        for line in marginalised.marginalisation { print("  sample --marginalise auto: \(line)") }
        let evaluator = loaded.model.makeEvaluator()
        var rng = ChainRNG(seed: seed, chain: 0)
        var gradient = [Double](repeating: 0, count: loaded.model.dimension)
        var lastError = ""
        for attempt in 1...100 {
            let x = (0..<loaded.model.dimension).map { _ in rng.uniform(-2, 2) }
            do {
                let lp = try evaluator.logDensityAndGradient(at: x, gradient: &gradient)
                var outputs: [Double] = []
                do { try evaluator.writeOutputs(at: x, into: &outputs) } catch let error as LogDensityError where !error.isRecoverable {
                    FileHandle.standardError.write("strata: \(fileName): the outputs cannot be computed: \(error)\n".data(using: .utf8)!)
                    throw ExitCode(ExitStatus.dataError.rawValue)
                }
                print("\(fileName) with \((data as NSString).lastPathComponent): OK")
                print("  \(loaded.model.dimension) unconstrained parameters, \(loaded.model.outputNames.count) output columns")
                print("  log density \(lp) with a finite gradient at a uniform(-2, 2) point (attempt \(attempt))")
                return
            } catch {
                lastError = "\(error)"
            }
        }
        FileHandle.standardError.write("strata: \(fileName): no finite log density at 100 random points; last error: \(lastError)\n".data(using: .utf8)!)
        throw ExitCode(ExitStatus.dataError.rawValue)
    }
}
