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
        try runSample(model, config, outputDir, draws, drawsLen, stats: nil, statsLen: 0, init: nil, initLen: 0)
    }
}

/// As `strata_sample`, starting from the parameters' constrained values `initParams` (NULL: random;
/// `initLen` = one point for every chain, or one per chain), and also writing the sampler statistics of
/// every kept draw, chain-major, to `stats` when it is not NULL: `STRATA_SAMPLER_STAT_COUNT` values per
/// draw in CmdStan's column order (lp__, accept_stat__, stepsize__, treedepth__, n_leapfrog__, divergent__,
/// energy__).
@_cdecl("strata_sample_with_stats")
public func strata_sample_with_stats(_ model: OpaquePointer?, _ config: UnsafeRawPointer?,
                                     _ initParams: UnsafePointer<Double>?, _ initLen: Int64,
                                     _ outputDir: UnsafePointer<CChar>?, _ draws: UnsafeMutablePointer<Double>?,
                                     _ drawsLen: Int64, _ stats: UnsafeMutablePointer<Double>?,
                                     _ statsLen: Int64) -> Int32 {
    withStatus("strata_sample_with_stats", fallback: .sampling) {
        try runSample(model, config, outputDir, draws, drawsLen, stats: stats, statsLen: statsLen,
                      init: initParams, initLen: initLen)
    }
}

/// Sampler statistics per kept draw in `strata_sample_with_stats`'s `stats`.
let samplerStatCount = 7

/// The body of the sampling entry points.
private func runSample(_ model: OpaquePointer?, _ config: UnsafeRawPointer?, _ outputDir: UnsafePointer<CChar>?,
                       _ draws: UnsafeMutablePointer<Double>?, _ drawsLen: Int64,
                       stats: UnsafeMutablePointer<Double>?, statsLen: Int64,
                       init initParams: UnsafePointer<Double>?, initLen: Int64) throws {
    let handle = try HandleRegistry.handle(model)
    let settings = try readConfig(config)
    let samplingModel = try handle.samplingModel(seed: settings.seed)
    var configuration = try settings.samplerConfiguration(dimension: samplingModel.dimension)
    if let initParams {
        let count = handle.parameterValueCount
        guard initLen == Int64(count) || initLen == Int64(count) * Int64(configuration.chains) else {
            throw CAPIFailure.argument("init_len", "is \(initLen); give the parameters' \(count) constrained values for every chain, or \(count) per chain (chains × \(count))")
        }
        configuration.inits = try (0..<Int(initLen) / max(count, 1)).map { chain in
            try handle.unconstrain(initParams + chain * count, for: samplingModel)
        }
    }
    let outputCount = handle.outputNames.count
    let needed = try drawsLength(settings, outputs: outputCount)
    if draws != nil && drawsLen < needed {
        throw CAPIFailure.argument("draws_len", "is \(drawsLen) but \(needed) doubles are needed (chains × ceil(samples / thin) × outputs)")
    }
    let statsNeeded = try drawsLength(settings, outputs: samplerStatCount)
    if stats != nil && statsLen < statsNeeded {
        throw CAPIFailure.argument("stats_len", "is \(statsLen) but \(statsNeeded) doubles are needed (chains × ceil(samples / thin) × \(samplerStatCount))")
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
        outcome = try SampleService.run(model: samplingModel, configuration: configuration, output: output,
                                         summaryLimit: 0)
    } catch let error as CocoaError {
        throw CAPIFailure(status: .io, message: "output_dir: \(error.localizedDescription)")
    } catch let error as OutputFolderError {
        throw CAPIFailure(status: .io, message: "argument 'output_dir': \(error)")
    }
    let kept = settings.keptPerChain
    if let draws {
        for result in outcome.results {
            copyChain(result.draws, to: draws + result.chain * kept * outputCount, count: kept * outputCount)
        }
    }
    if let stats {
        for result in outcome.results {
            let values = result.stats.flatMap { info -> [Double] in
                [info.logDensity, info.acceptStat, info.stepSize, Double(info.treeDepth), Double(info.leapfrogCount),
                 info.isDivergent ? 1 : 0, info.energy]
            }
            copyChain(values, to: stats + result.chain * kept * samplerStatCount, count: kept * samplerStatCount)
        }
    }
}

/// Copies one chain's values (at most `count`) and fills the rest of its `count` slots with NaN.
private func copyChain(_ values: [Double], to target: UnsafeMutablePointer<Double>, count: Int) {
    let available = min(values.count, count)
    copyValues(values, to: target, count: available)
    (target + available).update(repeating: .nan, count: count - available)
}
