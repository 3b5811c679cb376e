// The configuration comment block at the top of a CmdStan-compatible sample CSV file.
import Foundation

/// The run settings CmdStan prints as `#` comments before the column names of a sample file.
///
/// The layout (nesting by two spaces, `(Default)` after values equal to CmdStan's defaults)
/// follows CmdStan's `method = sample` output so that tools which scan the header (cmdstanpy,
/// ArviZ, CmdStanR) find `num_samples`, `num_warmup`, `save_warmup`, `thin`, `metric`, `id` and
/// `seed`. The Stan version fields declare the CSV dialect written, not the engine used; a
/// `strata_version` line records the engine.
public struct StanCSVHeader: Sendable {
    /// Name of the model (`# model = ...`).
    public var modelName: String
    /// Major part of the reported Stan version.
    public var stanVersionMajor = 2
    /// Minor part of the reported Stan version.
    public var stanVersionMinor = 36
    /// Patch part of the reported Stan version.
    public var stanVersionPatch = 0
    /// Engine version recorded as `# strata_version`.
    public var strataVersion = "0.1.0"
    /// Extra `key = value` lines written after `strata_version` (Strata's run identity hashes); tools that
    /// scan CmdStan headers ignore keys they do not know.
    public var strataLines: [(key: String, value: String)] = []
    /// Post-warmup iterations.
    public var numSamples = 1000
    /// Warmup iterations.
    public var numWarmup = 1000
    /// Whether warmup draws are written (before the adaptation block).
    public var saveWarmup = false
    /// Thinning period.
    public var thin = 1
    /// Whether adaptation is on.
    public var adaptEngaged = true
    /// Dual averaging regularisation scale γ.
    public var gamma = 0.05
    /// Target acceptance statistic δ.
    public var delta = 0.8
    /// Dual averaging relaxation exponent κ.
    public var kappa = 0.75
    /// Dual averaging iteration offset t0.
    public var t0 = 10.0
    /// Width of the initial fast adaptation interval.
    public var initBuffer = 75
    /// Width of the final fast adaptation interval.
    public var termBuffer = 50
    /// Initial width of the slow adaptation windows.
    public var window = 25
    /// Maximum NUTS tree depth.
    public var maxDepth = 10
    /// Metric name: `unit_e`, `diag_e` or `dense_e`.
    public var metric = "diag_e"
    /// Initial step size.
    public var stepSize = 1.0
    /// Step size jitter.
    public var stepSizeJitter = 0.0
    /// Number of chains in the run.
    public var numChains = 1
    /// One-based chain id (`# id = ...`).
    public var chainID = 1
    /// Data file path, empty if none.
    public var dataFile = ""
    /// Initialisation setting (CmdStan default "2": uniform on (-2, 2) unconstrained).
    public var initialization = "2"
    /// Random seed.
    public var seed: UInt64 = 0
    /// Output file name.
    public var outputFile = "output.csv"
    /// Value format for draws; also printed as `sig_figs`.
    public var numberFormat: CSVNumberFormat = .fullPrecision
    /// Start time printed as `start_datetime` in CmdStan's format (`2024-01-10 12:00:00 UTC`);
    /// `nil` omits the line.
    public var startDate: Date? = nil

    /// Creates a header for a model; adjust the other fields as needed.
    public init(modelName: String) {
        self.modelName = modelName
    }

    /// The header text as comment lines without the leading `#` (the writer adds `# `).
    public func commentLines() -> [String] {
        var lines: [String] = []
        func kv(_ depth: Int, _ key: String, _ value: String, _ isDefault: Bool) {
            let pad = String(repeating: "  ", count: depth)
            lines.append(pad + key + " = " + value + (isDefault ? " (Default)" : ""))
        }
        func section(_ depth: Int, _ name: String) { lines.append(String(repeating: "  ", count: depth) + name) }
        func num(_ x: Double) -> String { CSVNumberFormat.fullPrecision.format(x) }
        lines.append("stan_version_major = \(stanVersionMajor)")
        lines.append("stan_version_minor = \(stanVersionMinor)")
        lines.append("stan_version_patch = \(stanVersionPatch)")
        lines.append("strata_version = \(strataVersion)")
        for (key, value) in strataLines { lines.append("\(key) = \(value)") }
        lines.append("model = \(modelName)")
        if let startDate {
            // CmdStan's format: "2024-01-10 12:00:00 UTC".
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd HH:mm:ss"
            lines.append("start_datetime = \(f.string(from: startDate)) UTC")
        }
        kv(0, "method", "sample", true)
        section(1, "sample")
        kv(2, "num_samples", "\(numSamples)", numSamples == 1000)
        kv(2, "num_warmup", "\(numWarmup)", numWarmup == 1000)
        kv(2, "save_warmup", saveWarmup ? "1" : "0", !saveWarmup)
        kv(2, "thin", "\(thin)", thin == 1)
        section(2, "adapt")
        kv(3, "engaged", adaptEngaged ? "1" : "0", adaptEngaged)
        kv(3, "gamma", num(gamma), gamma == 0.05)
        kv(3, "delta", num(delta), delta == 0.8)
        kv(3, "kappa", num(kappa), kappa == 0.75)
        kv(3, "t0", num(t0), t0 == 10)
        kv(3, "init_buffer", "\(initBuffer)", initBuffer == 75)
        kv(3, "term_buffer", "\(termBuffer)", termBuffer == 50)
        kv(3, "window", "\(window)", window == 25)
        kv(2, "algorithm", "hmc", true)
        section(3, "hmc")
        kv(4, "engine", "nuts", true)
        section(5, "nuts")
        kv(6, "max_depth", "\(maxDepth)", maxDepth == 10)
        kv(4, "metric", metric, metric == "diag_e")
        kv(4, "stepsize", num(stepSize), stepSize == 1)
        kv(4, "stepsize_jitter", num(stepSizeJitter), stepSizeJitter == 0)
        kv(2, "num_chains", "\(numChains)", numChains == 1)
        kv(0, "id", "\(chainID)", chainID == 1)
        section(0, "data")
        kv(1, "file", dataFile, dataFile.isEmpty)
        kv(0, "init", initialization, initialization == "2")
        section(0, "random")
        kv(1, "seed", "\(seed)", false)
        section(0, "output")
        kv(1, "file", outputFile, outputFile == "output.csv")
        kv(1, "sig_figs", "\(numberFormat.sigFigsSetting)", numberFormat == .fullPrecision)
        return lines
    }
}
