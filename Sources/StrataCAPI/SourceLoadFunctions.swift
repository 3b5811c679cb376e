// C entry point that loads a model from Stan source text and CmdStan JSON data text, with no files.
import Foundation
import Strata

/// `flags` bits of `strata_model_load_string` (the `STRATA_LOAD_*` constants of `strata.h`).
enum LoadFlags {
    /// Skip the generated quantities block.
    static let noGeneratedQuantities: Int32 = 1
    /// Sample the full joint density: integrate nothing out (`strata sample --marginalise off`).
    static let noMarginalise: Int32 = 2
    static let all: Int32 = noGeneratedQuantities | noMarginalise
}

/// Compiles Stan program text `stanCode` (named `programName` in messages) with CmdStan JSON data text
/// `dataJSON` (named `dataName`; NULL for none). The log density, constrain, unconstrain and optimise
/// calls use the full joint density; sampling uses the program with exactly integrable parameters
/// integrated out unless `STRATA_LOAD_NO_MARGINALISE` is set, as `strata sample` does, so a seed gives
/// the command line's draws.
@_cdecl("strata_model_load_string")
public func strata_model_load_string(_ programName: UnsafePointer<CChar>?, _ stanCode: UnsafePointer<CChar>?,
                                     _ dataName: UnsafePointer<CChar>?, _ dataJSON: UnsafePointer<CChar>?,
                                     _ flags: Int32, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    out?.pointee = nil
    return withStatus("strata_model_load_string", fallback: .modelLoad) {
        guard let out else { throw CAPIFailure.argument("out", "is NULL") }
        guard let stanCode else { throw CAPIFailure.argument("stan_code", "is NULL") }
        guard flags & ~LoadFlags.all == 0 else {
            throw CAPIFailure.argument("flags", "is \(flags); only STRATA_LOAD_NO_GENERATED_QUANTITIES (1) and STRATA_LOAD_NO_MARGINALISE (2) are defined")
        }
        var fileName = programName.map { String(cString: $0) } ?? ""
        if fileName.isEmpty { fileName = "model.stan" }
        var dataFile = dataName.map { String(cString: $0) } ?? ""
        if dataFile.isEmpty { dataFile = "<data>" }
        let data = try dataJSON.map { try DataSet(json: String(cString: $0), fileName: dataFile) }
        let source = String(cString: stanCode)
        let generatedQuantities = flags & LoadFlags.noGeneratedQuantities == 0
        let full = try ModelCatalog.loadStan(source: source, fileName: fileName, data: data, dataName: dataFile,
                                             generatedQuantities: generatedQuantities)
        var sampling: LoadedModel?
        if flags & LoadFlags.noMarginalise == 0 {
            sampling = try ModelCatalog.loadStan(source: source, fileName: fileName, data: data, dataName: dataFile,
                                                 generatedQuantities: generatedQuantities, marginalise: true)
        }
        if let sampling, sampling.model.outputNames != full.model.outputNames {
            throw CAPIFailure(status: .internalError, message: "the marginalised program lists other outputs than the full one (load with STRATA_LOAD_NO_MARGINALISE)")
        }
        let handle = ModelHandle(loaded: full, samplingModel: sampling?.model)
        if source.contains("_rng") {
            // Transformed data may draw from the run's seed, as `strata sample --seed` compiles it.
            handle.samplingModelForSeed = { seed in
                try ModelCatalog.loadStan(source: source, fileName: fileName, data: data, dataName: dataFile,
                                          generatedQuantities: generatedQuantities,
                                          marginalise: flags & LoadFlags.noMarginalise == 0, seed: seed).model
            }
        }
        out.pointee = HandleRegistry.register(handle)
    }
}
