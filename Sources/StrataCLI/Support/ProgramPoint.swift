// Compiles a Stan program for `profile` / `bench` and picks the point to evaluate it at.
import ArgumentParser
import Foundation
import Strata
import StrataStanFrontEnd

/// A compiled Stan program with its source, for the commands that time it.
struct CompiledProgram {
    let stan: StanModel
    let source: String
    let fileName: String

    /// Reads and compiles `path` with the data at `dataPath`.
    init(path: String, dataPath: String?, generatedQuantities: Bool, marginalise: Bool = false) throws {
        guard path.hasSuffix(".stan") else { throw CLIError(.usage, "\(path): MODEL must be a Stan program (.stan)") }
        let source: String
        do { source = try StanSourceFile(path: path).source } catch { throw CLIError(.noInput, "\(error)") }
        let data = try dataPath.map { try DataSet(contentsOf: URL(fileURLWithPath: $0)) }
        fileName = (path as NSString).lastPathComponent
        stan = try StanModel.compile(source: source, fileName: fileName, data: data,
                                     includeGeneratedQuantities: generatedQuantities, marginalise: marginalise)
        self.source = source
    }

    /// The unconstrained point for `--init FILE` (constrained values, CmdStan JSON), for draw `draw` (1-based,
    /// default the last) of a Stan CSV `drawsPath`, or else the first of up to 100 uniform(-2, 2) points
    /// (Stan's default initialisation) with a finite log density and gradient.
    func point(initPath: String?, drawsPath: String? = nil, draw: Int? = nil, seed: UInt64) throws -> [Double] {
        let model = stan.model
        if initPath != nil && drawsPath != nil { throw ValidationError("give --init or --draws, not both") }
        if let initPath { return try ModelCatalog.initialPoint(path: initPath, model: model) }
        if let drawsPath { return try point(drawsPath: drawsPath, draw: draw) }
        let evaluator = model.makeEvaluator()
        var rng = ChainRNG(seed: seed, chain: 0)
        var gradient = [Double](repeating: 0, count: model.dimension)
        var lastError = ""
        for _ in 0..<100 {
            let x = (0..<model.dimension).map { _ in rng.uniform(-2, 2) }
            do { _ = try evaluator.logDensityAndGradient(at: x, gradient: &gradient); return x } catch { lastError = "\(error)" }
        }
        throw CLIError(.dataError, "\(fileName): no finite log density at 100 random points (give --init); last error: \(lastError)")
    }

    /// An unconstrained point read from a JSON array of numbers, checked against the program's dimension.
    func unconstrainedPoint(path: String) throws -> [Double] {
        let name = (path as NSString).lastPathComponent
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw CLIError(.noInput, "\(path): cannot read (\(error.localizedDescription))")
        }
        guard let x = try? JSONDecoder().decode([Double].self, from: bytes) else {
            throw CLIError(.dataError, "\(name): expected a JSON array of numbers (an unconstrained point)")
        }
        guard x.count == stan.model.dimension else {
            throw CLIError(.dataError, "\(name): \(x.count) values, but \(fileName) has \(stan.model.dimension) unconstrained parameters")
        }
        return x
    }

    /// The unconstrained point of one draw of a Stan CSV (ours or CmdStan's) of this program.
    private func point(drawsPath: String, draw: Int?) throws -> [Double] {
        let file = try StanCSVFile(contentsOf: URL(fileURLWithPath: drawsPath))
        let name = (drawsPath as NSString).lastPathComponent
        guard file.drawCount > 0 else { throw CLIError(.dataError, "\(name): no draws") }
        let k = draw ?? file.drawCount
        guard k >= 1 && k <= file.drawCount else {
            throw ValidationError("--draw must be between 1 and \(file.drawCount) for \(name) (got \(k))")
        }
        var values: [String: [Double]] = [:]
        for p in stan.model.parameters {
            values[p.name] = try OutputNaming.flatNames(p.name, shape: p.shape).map { column in
                guard let c = file.column(named: column) else {
                    throw CLIError(.dataError, "\(name): no column '\(column)' for parameter '\(p.name)' of \(fileName)")
                }
                return c[k - 1]
            }
        }
        return try stan.model.unconstrain(values)
    }
}
