// `strata-bench sampler`: runs each suite posterior under each metric setting in one process and
// reports ESS per gradient, ESS per second and convergence, with ratios to the first setting.
import Foundation
import Strata

/// What one (posterior, setting) run measured.
struct SamplerMeasurement: Codable {
    var posterior: String
    var setting: String
    var dimension: Int
    var seconds: Double
    var gradientsPerDraw: Double
    var minBulkESS: Double
    var minTailESS: Double
    var essPer1000Gradients: Double
    var essPerSecond: Double
    var maxRHat: Double
    var divergences: Int
    var error: String?
}

/// The sampler benchmark driver.
struct SamplerBenchmark {
    var cases: [SamplerCase]
    var settings: [SamplerSetting]
    var configuration = SamplerConfiguration()
    var jsonPath: String?
    /// Automatic marginalisation on (`strata sample`'s default), off, or both in turn (`--marginalise`).
    var marginaliseModes = [true]

    /// Parses `--quick`, `--case SUBSTRING` (repeatable), `--settings a,b`, `--chains`, `--warmup`,
    /// `--samples`, `--threads`, `--seed`, `--json FILE`, `--lowrank-cutoff`, `--lowrank-update-interval`,
    /// `--adapt-delta`, `--marginalise auto|off|both`.
    init(arguments: [String], sharedRoot: String) throws {
        var quick = false, filters: [String] = [], settingNames = SamplerSetting.defaults
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw BenchmarkError("\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        func int() throws -> Int {
            let v = try value()
            guard let n = Int(v), n >= 0 else { throw BenchmarkError("\(arguments[i - 1]) needs a whole number (got \(v))") }
            return n
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--quick": quick = true
            case "--case": filters.append(try value())
            case "--settings": settingNames = try value().split(separator: ",").map(String.init)
            case "--chains": configuration.chains = try int()
            case "--warmup": configuration.warmup = try int()
            case "--samples": configuration.samples = try int()
            case "--threads": configuration.threads = try int()
            case "--seed": configuration.seed = UInt64(try int())
            case "--json": jsonPath = try value()
            case "--marginalise":
                let v = try value()
                guard let modes = ["auto": [true], "off": [false], "both": [true, false]][v] else {
                    throw BenchmarkError("--marginalise must be auto, off or both (got \(v))")
                }
                marginaliseModes = modes
            case "--lowrank-cutoff":
                guard let c = Double(try value()) else { throw BenchmarkError("--lowrank-cutoff needs a number") }
                configuration.lowRank.eigenvalueCutoff = c
            case "--lowrank-update-interval": configuration.lowRank.updateInterval = max(1, try int())
            case "--adapt-delta":
                guard let d = Double(try value()) else { throw BenchmarkError("--adapt-delta needs a number") }
                configuration.adaptDelta = d
            default:
                throw BenchmarkError("unknown option \(arguments[i]); options: --quick --case S --settings a,b "
                                     + "--chains N --warmup N --samples N --threads N --seed N --json FILE "
                                     + "--lowrank-cutoff C --lowrank-update-interval N --adapt-delta D --marginalise auto|off|both")
            }
            i += 1
        }
        // A filter that is a case's exact name selects that case only; otherwise it matches substrings.
        let suite = SamplerCase.suite(sharedRoot: sharedRoot)
        func matches(_ c: SamplerCase, _ f: String) -> Bool {
            suite.contains { $0.name == f } ? c.name == f : c.name.contains(f)
        }
        cases = suite.filter { c in (!quick || c.quick) && (filters.isEmpty || filters.contains { matches(c, $0) }) }
        guard !cases.isEmpty else { throw BenchmarkError("no case matches \(filters)") }
        settings = try settingNames.map(SamplerSetting.init)
    }

    func run() throws {
        let c = configuration
        print("strata-bench sampler: \(c.chains) chains x (\(c.warmup) warmup + \(c.samples) draws), seed \(c.seed), "
              + "\(c.threads) threads; ESS = min over outputs; ratios against \(rowNames[0]) in this process")
        var all: [SamplerMeasurement] = []
        for posterior in cases {
            for marginalise in marginaliseModes {
                let loaded = try load(posterior, marginalise: marginalise)
                for setting in settings {
                    var m = measure(posterior, loaded, setting)
                    m.setting = Self.rowName(setting, marginalise: marginalise)
                    all.append(m)
                    SamplerReport.printRow(m, baseline: all.first { $0.posterior == posterior.name })
                }
            }
        }
        SamplerReport.printSummary(all, settings: rowNames)
        if let jsonPath {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(SamplerReport.Document(configuration: c, measurements: all))
            if jsonPath == "-" { print(String(decoding: data, as: UTF8.self)) } else {
                try data.write(to: URL(fileURLWithPath: jsonPath))
            }
        }
    }

    /// A row's setting name: `stan-diag` with marginalisation, `stan-diag:off` without.
    static func rowName(_ setting: SamplerSetting, marginalise: Bool) -> String {
        marginalise ? setting.name : setting.name + ":off"
    }

    /// Every row's setting name, in the order the rows of one posterior are run.
    private var rowNames: [String] {
        marginaliseModes.flatMap { mode in settings.map { Self.rowName($0, marginalise: mode) } }
    }

    /// The compiled model (marginalised as `strata sample --marginalise auto` does, or not) and its
    /// unconstrained init, if any.
    private func load(_ posterior: SamplerCase, marginalise: Bool) throws -> (model: GraphModel, inits: [[Double]]) {
        let loaded: LoadedModel
        do {
            loaded = try ModelCatalog.load(posterior.program, dataPath: posterior.data, marginalise: marginalise)
        } catch {
            loaded = try ModelCatalog.load(posterior.program, dataPath: posterior.data, generatedQuantities: false,
                                           marginalise: marginalise)
        }
        let inits = try posterior.initFile.map { [try ModelCatalog.initialPoint(path: $0, model: loaded.model)] } ?? []
        return (loaded.model, inits)
    }

    private func measure(_ posterior: SamplerCase, _ loaded: (model: GraphModel, inits: [[Double]]),
                         _ setting: SamplerSetting) -> SamplerMeasurement {
        var config = configuration
        config.metric = setting.metric
        config.adaptation = setting.adaptation
        config.inits = loaded.inits
        var m = SamplerMeasurement(posterior: posterior.name, setting: setting.name, dimension: loaded.model.dimension,
                                   seconds: .nan, gradientsPerDraw: .nan, minBulkESS: .nan, minTailESS: .nan,
                                   essPer1000Gradients: .nan, essPerSecond: .nan, maxRHat: .nan, divergences: 0)
        do {
            let start = now()
            let results = try MultiChainRunner(configuration: config).run(model: loaded.model)
            m.seconds = now() - start
            let draws = results.reduce(0) { $0 + $1.drawCount }
            let gradients = results.reduce(0) { $0 + $1.leapfrogTotal }
            m.gradientsPerDraw = Double(gradients) / Double(max(draws, 1))
            m.divergences = results.reduce(0) { $0 + $1.divergenceCount }
            var bulk = Double.infinity, tail = Double.infinity, rHat = 0.0
            for j in 0..<loaded.model.outputNames.count {
                let chains = results.map { $0.values(ofOutput: j) }
                guard let s = try? PosteriorSummary(name: "x", draws: chains), s.essBulk.isFinite else { continue }
                bulk = min(bulk, s.essBulk)
                if s.essTail.isFinite { tail = min(tail, s.essTail) }
                if s.rHat.isFinite { rHat = max(rHat, s.rHat) }
            }
            m.minBulkESS = bulk; m.minTailESS = tail; m.maxRHat = rHat
            m.essPer1000Gradients = 1000 * bulk / Double(max(gradients, 1))
            m.essPerSecond = bulk / m.seconds
        } catch {
            m.error = "\(error)"
        }
        return m
    }
}
