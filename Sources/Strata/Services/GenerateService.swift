// Generated quantities over an existing fit's draws (CmdStan's generate_quantities), written as Stan CSVs.
import Foundation
import StrataCore
import StrataModeling
import StrataOutput

/// A draw file that does not fit the model (a parameter column is missing or a value is outside its support).
public struct GenerateError: Error, CustomStringConvertible {
    public let description: String
}

/// Recomputes transformed parameters and generated quantities for every draw of existing Stan CSVs.
public enum GenerateService {
    /// The seed and chain a draw file was sampled with (for reproducing its generated quantities):
    /// its `seed` and `id` header entries, or `seed` and the file's position when absent.
    public static func origin(of file: StanCSVFile, position: Int, seed: UInt64) -> (seed: UInt64, chain: Int) {
        let fileSeed = file.configurationValue("seed").flatMap { UInt64($0) } ?? seed
        let id = file.configurationValue("id").flatMap { Int($0) } ?? (position + 1)
        return (fileSeed, max(id - 1, 0))
    }

    /// Output rows for every post-warmup draw of `file`: the file's sampler columns (`lp__`, ...) then
    /// every output of `model` (parameters, transformed parameters, generated quantities), with the
    /// generated quantities' `_rng` calls drawing from the stream the sampler used for that draw
    /// (``StrataCore/RandomStream/generatedQuantities``, substream = draw index) of `chain` and `seed`.
    /// - Throws: ``GenerateError`` naming the file, column or draw; the model's errors.
    public static func rows(model: GraphModel, file: StanCSVFile, seed: UInt64, chain: Int) throws
        -> (columns: [String], rows: [[Double]]) {
        var index: [String: Int] = [:]
        for (j, name) in file.columnNames.enumerated() where index[name] == nil { index[name] = j }
        let samplerColumns = file.columnNames.filter { $0.hasSuffix("__") }
        var parameterColumns: [(name: String, columns: [Int])] = []
        for p in model.parameters {
            let names = OutputNaming.flatNames(p.name, shape: p.shape)
            var columns: [Int] = []
            for n in names {
                guard let j = index[n] else {
                    throw GenerateError(description: "\(file.fileName): no column '\(n)' for parameter '\(p.name)'")
                }
                columns.append(j)
            }
            parameterColumns.append((p.name, columns))
        }
        let evaluator = model.makeEvaluator()
        var rows: [[Double]] = []
        rows.reserveCapacity(file.drawCount)
        var outputs: [Double] = []
        var unused = ChainRNG(seed: seed, chain: chain, stream: RandomStream.conditionalDraws)
        for i in 0..<file.drawCount {
            var values: [String: [Double]] = [:]
            for p in parameterColumns { values[p.name] = p.columns.map { file.columns[$0][i] } }
            let x: [Double]
            do { x = try model.unconstrain(values) } catch {
                throw GenerateError(description: "\(file.fileName): draw \(i + 1): \(error)")
            }
            var quantities = ChainRNG(seed: seed, chain: chain, stream: RandomStream.generatedQuantities, draw: i)
            do {
                try evaluator.writeOutputs(at: x, into: &outputs, rng: &unused, quantities: &quantities)
            } catch let error as LogDensityError where error.isRecoverable {
                outputs = [Double](repeating: .nan, count: model.outputNames.count)
            }
            rows.append(samplerColumns.map { file.columns[index[$0]!][i] } + outputs)
        }
        return (samplerColumns + model.outputNames, rows)
    }

    /// Writes one CSV per draw file into `directory` (`<model>_<chain>.csv`, as `strata sample` names
    /// them) and returns their URLs.
    public static func run(model: GraphModel, modelName: String, dataFile: String, files: [StanCSVFile],
                           seed: UInt64, directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var urls: [URL] = []
        for (position, file) in files.enumerated() {
            let (fileSeed, chain) = origin(of: file, position: position, seed: seed)
            let (columns, rows) = try rows(model: model, file: file, seed: fileSeed, chain: chain)
            var header = StanCSVHeader(modelName: modelName)
            header.seed = fileSeed; header.chainID = chain + 1; header.dataFile = dataFile
            header.numSamples = file.drawCount
            let url = directory.appendingPathComponent("\(modelName)_\(chain + 1).csv")
            header.outputFile = url.lastPathComponent
            let samplerCount = columns.count - model.outputNames.count
            let writer = try StanCSVWriter(url: url, header: header, parameterNames: model.outputNames,
                                           samplerColumns: Array(columns.prefix(samplerCount)), flushEvery: 256)
            try writer.writeComment("Generated quantities of \(file.fileName) (strata generate)")
            for row in rows { try writer.writeRow(row) }
            try writer.close()
            urls.append(url)
        }
        return urls
    }
}
