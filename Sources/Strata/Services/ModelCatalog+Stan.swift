// Compiles a Stan program with its data for the CLI and the C API.
import Foundation
import StrataOutput
import StrataStanModel

extension ModelCatalog {
    static func loadStan(_ path: String, data: DataSet?, dataName: String, generatedQuantities: Bool,
                         marginalise: Bool = false, seed: UInt64 = 0) throws -> LoadedModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelLoadError("\(path): no such Stan program", kind: .missingInput)
        }
        if isDirectory.boolValue { throw ModelLoadError("\(path): is a folder, not a Stan program", kind: .missingInput) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ModelLoadError("\(path): cannot read the Stan program (permission denied)", kind: .missingInput)
        }
        let compiled = try StanModel.compile(path: path, data: data, includeGeneratedQuantities: generatedQuantities,
                                             marginalise: marginalise, seed: seed)
        var loaded = LoadedModel(model: compiled.model, name: compiled.name, dataFile: dataName)
        loaded.marginalisation = compiled.marginalisation.lines
        return loaded
    }

    /// Compiles Stan source text (no files: the C API's strata_model_load_string and the Python package).
    /// - Parameters:
    ///   - fileName: the program's name in diagnostics (`decay_seed.stan`); the model's name drops `.stan`.
    ///   - data: the data, or nil for a program without data.
    ///   - dataName: the data's name in headers.
    ///   - seed: the run's seed (transformed data's `_rng` calls draw from it).
    public static func loadStan(source: String, fileName: String, data: DataSet?, dataName: String,
                                generatedQuantities: Bool = true, marginalise: Bool = false,
                                seed: UInt64 = 0) throws -> LoadedModel {
        let compiled = try StanModel.compile(source: source, fileName: fileName, data: data,
                                             includeGeneratedQuantities: generatedQuantities, marginalise: marginalise,
                                             seed: seed)
        var loaded = LoadedModel(model: compiled.model, name: compiled.name, dataFile: dataName)
        loaded.marginalisation = compiled.marginalisation.lines
        return loaded
    }
}
