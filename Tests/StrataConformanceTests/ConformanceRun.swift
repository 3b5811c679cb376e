// Compiles and samples one posteriordb program with NUTS and exposes its draws, timing and sampler health.
import Foundation
import Strata
import StrataTestSupport
import XCTest

/// A finished multi-chain NUTS run of one posteriordb Stan program.
struct ConformanceRun {
    /// posteriordb folder name, e.g. `earnings-earn_height`.
    let posterior: String
    /// The model's output columns (CmdStan style, `theta.1`).
    let names: [String]
    /// One result per chain.
    let chains: [ChainResult]
    /// The configuration the run used.
    let configuration: SamplerConfiguration
    /// Wall-clock seconds spent compiling and sampling (reported, never asserted).
    let seconds: Double

    /// `draws[chain][iteration]` of a variable named posteriordb-style (`theta[1]`) or CmdStan-style (`theta.1`).
    func draws(_ name: String) -> [[Double]]? {
        guard let j = names.firstIndex(of: PosteriorReference.cmdStanName(name)) else { return nil }
        return chains.map { $0.values(ofOutput: j) }
    }

    /// Summary (mean, MCSE, sd, ESS, R-hat) of one variable; fails the test if the variable is missing.
    func summary(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> PosteriorSummary? {
        guard let d = draws(name) else {
            XCTFail("\(posterior): no output column for \(name) in \(names.prefix(12))…", file: file, line: line)
            return nil
        }
        return try PosteriorSummary(name: name, draws: d)
    }

    /// Divergent sampling transitions over all chains.
    var divergences: Int { chains.reduce(0) { $0 + $1.divergenceCount } }

    /// Sampling transitions that stopped at the maximum tree depth.
    var treeDepthHits: Int {
        chains.reduce(0) { n, c in n + c.stats.reduce(0) { $0 + ($1.treeDepth >= configuration.maxDepth ? 1 : 0) } }
    }

    /// Mean leapfrog steps per sampling transition.
    var meanLeapfrogs: Double {
        let draws = chains.reduce(0) { $0 + $1.drawCount }
        return Double(chains.reduce(0) { $0 + $1.leapfrogTotal }) / Double(max(draws, 1))
    }

    /// One line for the test log: the figures the report quotes.
    var report: String {
        let steps = chains.map { String(format: "%.3g", $0.stepSize) }.joined(separator: ",")
        return "[conformance] \(posterior): \(String(format: "%.2f", seconds)) s, \(configuration.chains)x"
            + "(\(configuration.warmup)+\(configuration.samples)) \(configuration.metric.rawValue), "
            + "divergences \(divergences), max-depth hits \(treeDepthHits), "
            + "leapfrogs/draw \(String(format: "%.1f", meanLeapfrogs)), step sizes \(steps)"
    }
}

/// Helpers shared by the conformance tests.
enum Conformance {
    /// The run settings used unless a test overrides them: 4 chains, 1000 warmup, 1000 samples.
    static func configuration(metric: MetricKind = .diagonal, warmup: Int = 1000, samples: Int = 1000,
                              adaptDelta: Double = 0.8, seed: UInt64) -> SamplerConfiguration {
        var config = SamplerConfiguration()
        config.chains = 4
        config.warmup = warmup
        config.samples = samples
        config.metric = metric
        config.adaptDelta = adaptDelta
        config.seed = seed
        return config
    }

    /// Compiles `posteriordb/<posterior>/model.stan` with its `data.json`.
    static func compile(_ posterior: String, generatedQuantities: Bool = true, marginalise: Bool = false) throws -> StanModel {
        try StanModel.compile(path: SharedFiles.url("posteriordb/\(posterior)/model.stan").path,
                              data: try DataSet(contentsOf: SharedFiles.url("posteriordb/\(posterior)/data.json")),
                              includeGeneratedQuantities: generatedQuantities, marginalise: marginalise)
    }

    /// Compiles and samples a posterior, printing the run's timing and health line.
    static func run(_ posterior: String, _ configuration: SamplerConfiguration,
                    generatedQuantities: Bool = true, marginalise: Bool = false) throws -> ConformanceRun {
        let start = Date()
        let stan = try compile(posterior, generatedQuantities: generatedQuantities, marginalise: marginalise)
        let chains = try MultiChainRunner(configuration: configuration).run(model: stan.model)
        let run = ConformanceRun(posterior: posterior, names: stan.model.outputNames, chains: chains,
                                 configuration: configuration, seconds: Date().timeIntervalSince(start))
        print(run.report)
        return run
    }

    /// The reference variables of a posterior, posteriordb-style (`beta[1]`), in info.json order.
    static func referenceNames(_ posterior: String) throws -> [String] {
        try PosteriorReference.parameters(posterior).map(\.name)
    }

    /// Asserts split R-hat below `maxRHat` and bulk ESS above `minESS` for each named variable.
    static func assertConverged(_ run: ConformanceRun, _ variables: [String], maxRHat: Double = 1.01,
                                minESS: Double = 400, file: StaticString = #filePath, line: UInt = #line) throws {
        for name in variables {
            guard let s = try run.summary(name, file: file, line: line) else { continue }
            XCTAssertLessThan(s.rHat, maxRHat, "\(run.posterior) \(name): R-hat", file: file, line: line)
            XCTAssertGreaterThan(s.essBulk, minESS, "\(run.posterior) \(name): bulk ESS", file: file, line: line)
        }
    }

    /// Asserts convergence of, and the reference match for, every reference variable of `reference`
    /// (the posterior's own folder unless it borrows another's draws).
    static func assertMatchesReference(_ run: ConformanceRun, reference: String? = nil, sdTolerance: Double = 0.1,
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = reference ?? run.posterior
        try assertConverged(run, try referenceNames(reference), file: file, line: line)
        try PosteriorReference.assertMatches(reference, draws: { run.draws($0) }, sdTolerance: sdTolerance,
                                             file: file, line: line)
        try assertQuantiles(run, reference: reference, file: file, line: line)
        try printMargins(run, reference: reference)
    }

    /// Logs how close the run came to each limit (worst over the reference variables): mean error in
    /// combined MCSEs (limit 4), relative sd error, lowest bulk ESS, highest R-hat.
    static func printMargins(_ run: ConformanceRun, reference: String) throws {
        var z = 0.0, sdError = 0.0, ess = Double.infinity, rHat = 0.0
        for ref in try PosteriorReference.parameters(reference) {
            guard let d = run.draws(ref.name) else { continue }
            let s = try PosteriorSummary(name: ref.name, draws: d)
            z = max(z, abs(s.mean - ref.mean) / (s.mcseMean * s.mcseMean + ref.mcseMean * ref.mcseMean).squareRoot())
            sdError = max(sdError, abs(s.sd - ref.sd) / ref.sd)
            ess = min(ess, s.essBulk)
            rHat = max(rHat, s.rHat)
        }
        print("[conformance] \(run.posterior) margins: worst mean error \(String(format: "%.2f", z)) MCSE, "
              + "worst sd error \(String(format: "%.1f", 100 * sdError))%, min bulk ESS \(Int(ess)), "
              + "max R-hat \(String(format: "%.4f", rHat))")
    }

    /// Asserts the 5% and 95% quantiles lie within `0.2 · sd_ref` of info.json's `q05` / `q95`
    /// (the README's optional tail check: catches wrong transforms or Jacobians that keep the mean).
    static func assertQuantiles(_ run: ConformanceRun, reference: String, tolerance: Double = 0.2,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        guard let info = try SharedFiles.json("posteriordb/\(reference)/info.json") as? [String: Any],
              let parameters = info["parameters"] as? [[String: Any]] else { throw ConformanceError.badInfo(reference) }
        for p in parameters {
            guard let name = p["name"] as? String, let sd = (p["sd"] as? NSNumber)?.doubleValue,
                  let q05 = (p["q05"] as? NSNumber)?.doubleValue, let q95 = (p["q95"] as? NSNumber)?.doubleValue else {
                throw ConformanceError.badInfo(reference)
            }
            guard let s = try run.summary(name, file: file, line: line) else { continue }
            XCTAssertLessThanOrEqual(abs(s.q5 - q05), tolerance * sd, "\(reference) \(name): q05 \(s.q5) vs \(q05)",
                                     file: file, line: line)
            XCTAssertLessThanOrEqual(abs(s.q95 - q95), tolerance * sd, "\(reference) \(name): q95 \(s.q95) vs \(q95)",
                                     file: file, line: line)
        }
    }

    /// The CmdStan-style names of the variables posteriordb records for a posterior
    /// (`posteriordb_dimensions` in info.json: size 1 → `mu`, size n → `alpha.1` … `alpha.n`).
    static func dimensionNames(_ posterior: String) throws -> [String] {
        guard let info = try SharedFiles.json("posteriordb/\(posterior)/info.json") as? [String: Any],
              let dims = info["posteriordb_dimensions"] as? [String: Any] else {
            throw ConformanceError.badInfo(posterior)
        }
        return try dims.keys.sorted().flatMap { key -> [String] in
            guard let n = (dims[key] as? NSNumber)?.intValue, n >= 1 else { throw ConformanceError.badInfo(posterior) }
            return n == 1 ? [key] : (1...n).map { "\(key).\($0)" }
        }
    }
}

/// Malformed shared posteriordb files.
enum ConformanceError: Error, CustomStringConvertible {
    case badInfo(String)

    var description: String {
        switch self {
        case .badInfo(let p): return "posteriordb/\(p)/info.json: missing or malformed posteriordb_dimensions or parameters"
        }
    }
}
