// Compiles a Stan program with its data for the CLI and the C API.
import Foundation
import StrataOutput
import StrataStanModel

extension ModelCatalog {
    static func loadStan(_ path: String, data: DataSet?, dataName: String, generatedQuantities: Bool,
                         marginalise: Bool = false) throws -> LoadedModel {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelLoadError("\(path): no such Stan program")
        }
        let compiled = try StanModel.compile(path: path, data: data, includeGeneratedQuantities: generatedQuantities,
                                             marginalise: marginalise)
        var loaded = LoadedModel(model: compiled.model, name: compiled.name, dataFile: dataName)
        loaded.marginalisation = compiled.marginalisation.lines
        return loaded
    }
}
