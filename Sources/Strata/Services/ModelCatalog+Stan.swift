// Compiles a Stan program with its data for the CLI and the C API.
import Foundation
import StrataOutput
import StrataStanModel

extension ModelCatalog {
    static func loadStan(_ path: String, data: DataSet?, dataName: String, generatedQuantities: Bool,
                         marginalise: Bool = false) throws -> LoadedModel {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ModelLoadError("\(path): no such Stan program", kind: .missingInput)
        }
        if isDirectory.boolValue { throw ModelLoadError("\(path): is a folder, not a Stan program", kind: .missingInput) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ModelLoadError("\(path): cannot read the Stan program (permission denied)", kind: .missingInput)
        }
        let compiled = try StanModel.compile(path: path, data: data, includeGeneratedQuantities: generatedQuantities,
                                             marginalise: marginalise)
        var loaded = LoadedModel(model: compiled.model, name: compiled.name, dataFile: dataName)
        loaded.marginalisation = compiled.marginalisation.lines
        return loaded
    }
}
