// Compiles a Stan program for the CLI (the lowering lands with the Stan front-end issue).
import ArgumentParser
import Strata

extension ModelLoader {
    static func loadStan(_ path: String, data: DataSet?, dataName: String) throws -> LoadedModel {
        throw ValidationError("\(path): running Stan programs needs the Stan lowering, which is not in this build yet; use builtin:decay or builtin:eight_schools_noncentered")
    }
}
