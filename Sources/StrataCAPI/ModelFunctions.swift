// C entry points that load and free models and describe them (dimension, output names).
import Foundation
import Strata

/// Loads a model (`builtin:<name>` or a `.stan` path) with optional CmdStan JSON data and returns
/// a new handle in `out` (NULL on failure). See `strata_model_load` in `strata.h`.
@_cdecl("strata_model_load")
public func strata_model_load(_ model: UnsafePointer<CChar>?, _ dataJSONPath: UnsafePointer<CChar>?,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    loadModel("strata_model_load", model, dataJSONPath, out, marginalise: false)
}

/// Like `strata_model_load`, with parameters that can be integrated out exactly integrated out (what
/// `strata sample --marginalise auto` samples). See `strata_model_load_marginalised` in `strata.h`.
@_cdecl("strata_model_load_marginalised")
public func strata_model_load_marginalised(_ model: UnsafePointer<CChar>?, _ dataJSONPath: UnsafePointer<CChar>?,
                                           _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    loadModel("strata_model_load_marginalised", model, dataJSONPath, out, marginalise: true)
}

/// The shared body of the two load functions.
private func loadModel(_ function: String, _ model: UnsafePointer<CChar>?, _ dataJSONPath: UnsafePointer<CChar>?,
                       _ out: UnsafeMutablePointer<OpaquePointer?>?, marginalise: Bool) -> Int32 {
    out?.pointee = nil
    return withStatus(function, fallback: .modelLoad) {
        guard let out else { throw CAPIFailure.argument("out", "is NULL") }
        guard let model else { throw CAPIFailure.argument("model", "is NULL") }
        let reference = String(cString: model)
        let dataPath = dataJSONPath.map { String(cString: $0) }
        if let dataPath {
            guard !dataPath.isEmpty else { throw CAPIFailure.argument("data_json_path", "is an empty string (pass NULL for no data)") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: dataPath, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw CAPIFailure(status: .modelLoad, message: "data_json_path '\(dataPath)': no such file")
            }
        }
        if reference.hasSuffix(".stan") && !FileManager.default.fileExists(atPath: reference) {
            throw CAPIFailure(status: .modelLoad, message: "model '\(reference)': no such file")
        }
        let loaded = try ModelCatalog.load(reference, dataPath: dataPath, marginalise: marginalise)
        out.pointee = HandleRegistry.register(ModelHandle(loaded: loaded))
    }
}

/// Frees a model handle. NULL is ignored; a handle that is not live sets the error message only.
@_cdecl("strata_model_free")
public func strata_model_free(_ model: OpaquePointer?) {
    guard let model else { return }
    if !HandleRegistry.remove(model) {
        ErrorMessage.set("strata_model_free: argument 'model' is not a live strata_model (already freed, or not from strata_model_load)")
    }
}

/// Writes the number of unconstrained parameters to `out`.
@_cdecl("strata_model_dimension")
public func strata_model_dimension(_ model: OpaquePointer?, _ out: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus("strata_model_dimension", fallback: .internalError) {
        let handle = try HandleRegistry.handle(model)
        guard let out else { throw CAPIFailure.argument("out", "is NULL") }
        out.pointee = Int64(handle.dimension)
    }
}

/// Writes the number of constrained outputs to `out`.
@_cdecl("strata_model_output_count")
public func strata_model_output_count(_ model: OpaquePointer?, _ out: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus("strata_model_output_count", fallback: .internalError) {
        let handle = try HandleRegistry.handle(model)
        guard let out else { throw CAPIFailure.argument("out", "is NULL") }
        out.pointee = Int64(handle.outputNames.count)
    }
}

/// Writes the name of output `index` (0-based) to `out`; the string is owned by the model.
@_cdecl("strata_model_output_name")
public func strata_model_output_name(_ model: OpaquePointer?, _ index: Int64,
                                     _ out: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> Int32 {
    withStatus("strata_model_output_name", fallback: .internalError) {
        let handle = try HandleRegistry.handle(model)
        guard let out else { throw CAPIFailure.argument("out", "is NULL") }
        let count = handle.cOutputNames.count
        guard index >= 0 && index < Int64(count) else {
            throw CAPIFailure.argument("index", "is \(index), outside 0..<\(count) (the model's output count)")
        }
        out.pointee = UnsafePointer(handle.cOutputNames[Int(index)])
    }
}

/// Writes how many output values are parameters, transformed parameters and generated quantities
/// (outputs are listed in that order); any pointer may be NULL.
@_cdecl("strata_model_output_counts")
public func strata_model_output_counts(_ model: OpaquePointer?, _ parameters: UnsafeMutablePointer<Int64>?,
                                       _ transformed: UnsafeMutablePointer<Int64>?,
                                       _ generated: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus("strata_model_output_counts", fallback: .internalError) {
        let counts = try HandleRegistry.handle(model).outputValueCounts
        parameters?.pointee = Int64(counts.parameters)
        transformed?.pointee = Int64(counts.transformedParameters)
        generated?.pointee = Int64(counts.generatedQuantities)
    }
}
