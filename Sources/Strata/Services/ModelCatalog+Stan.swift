// Compiles a Stan program for the CLI (the lowering lands with the Stan front-end issue).
import StrataOutput

extension ModelCatalog {
    static func loadStan(_ path: String, data: DataSet?, dataName: String) throws -> LoadedModel {
        throw ModelLoadError("\(path): running Stan programs needs the Stan lowering, which is not in this build yet; use builtin:decay or builtin:eight_schools_noncentered")
    }
}
