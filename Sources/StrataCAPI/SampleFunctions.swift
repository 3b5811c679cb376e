// C entry points that run NUTS: the draws-buffer size, and the sampling run itself.
import Foundation
import Strata

/// Total doubles of a draws buffer: chains × kept × outputs, or a failure on overflow.
private func drawsLength(_ config: StrataSampleConfig, outputs: Int) throws -> Int64 {
    let chains = Int64(max(config.chains, 0))
    let (a, o1) = chains.multipliedReportingOverflow(by: Int64(config.keptPerChain))
    let (b, o2) = a.multipliedReportingOverflow(by: Int64(outputs))
    guard !o1 && !o2 else { throw CAPIFailure.argument("config", "asks for more draws than an int64_t can count") }
    return b
}

/// Writes to `out` the number of doubles `strata_sample` stores in `draws` for `config`.
@_cdecl("strata_sample_draws_length")
public func strata_sample_draws_length(_ model: OpaquePointer?, _ config: UnsafeRawPointer?,
                                       _ out: UnsafeMutablePointer<Int64>?) -> Int32 {
    withStatus("strata_sample_draws_length", fallback: .internalError) {
        let handle = try HandleRegistry.handle(model)
        let settings = try readConfig(config)
        guard let out else { throw CAPIFailure.argument("out", "is NULL") }
        _ = try settings.samplerConfiguration(dimension: handle.dimension)
        out.pointee = try drawsLength(settings, outputs: handle.outputNames.count)
    }
}

/// Runs NUTS on `model` with `config`; writes per-chain Stan CSV files to `outputDir` when it is
/// not NULL, and the kept draws chain-major to `draws` when it is not NULL.
@_cdecl("strata_sample")
public func strata_sample(_ model: OpaquePointer?, _ config: UnsafeRawPointer?, _ outputDir: UnsafePointer<CChar>?,
                          _ draws: UnsafeMutablePointer<Double>?, _ drawsLen: Int64) -> Int32 {
    withStatus("strata_sample", fallback: .sampling) {
        let handle = try HandleRegistry.handle(model)
        let settings = try readConfig(config)
        let configuration = try settings.samplerConfiguration(dimension: handle.dimension)
        let outputCount = handle.outputNames.count
        let needed = try drawsLength(settings, outputs: outputCount)
        if draws != nil && drawsLen < needed {
            throw CAPIFailure.argument("draws_len", "is \(drawsLen) but \(needed) doubles are needed (chains × ceil(samples / thin) × outputs)")
        }
        var output: SampleOutputOptions?
        if let outputDir {
            let path = String(cString: outputDir)
            guard !path.isEmpty else { throw CAPIFailure.argument("output_dir", "is an empty string (pass NULL for no files)") }
            output = SampleOutputOptions(directory: URL(fileURLWithPath: path), modelName: handle.loaded.name,
                                         dataFile: handle.loaded.dataFile)
        }
        let outcome: SampleOutcome
        do {
            outcome = try SampleService.run(model: handle.loaded.model, configuration: configuration, output: output,
                                             summaryLimit: 0)
        } catch let error as CocoaError {
            throw CAPIFailure(status: .io, message: "output_dir: \(error.localizedDescription)")
        } catch let error as OutputFolderError {
            throw CAPIFailure(status: .io, message: "argument 'output_dir': \(error)")
        }
        guard let draws else { return }
        let kept = settings.keptPerChain
        let perChain = kept * outputCount
        for result in outcome.results {
            let target = draws + result.chain * perChain
            let available = min(result.draws.count, perChain)
            copyValues(result.draws, to: target, count: available)
            (target + available).update(repeating: .nan, count: perChain - available)
        }
    }
}
