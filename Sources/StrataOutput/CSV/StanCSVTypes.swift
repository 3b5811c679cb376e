// Values shared by the Stan CSV writer and reader: sampler statistics, adapted metric, errors.

/// The sampler diagnostics CmdStan writes before the parameters on every NUTS draw row
/// (`lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__`).
public struct SamplerDrawStats: Equatable, Sendable {
    /// Log density (up to a constant) at the draw: `lp__`.
    public var logDensity: Double
    /// Mean Metropolis acceptance probability over the trajectory: `accept_stat__`.
    public var acceptStat: Double
    /// Step size used for the transition: `stepsize__`.
    public var stepSize: Double
    /// Depth of the NUTS tree: `treedepth__`.
    public var treeDepth: Int
    /// Number of leapfrog steps: `n_leapfrog__`.
    public var leapfrogSteps: Int
    /// Whether the trajectory diverged: `divergent__`.
    public var divergent: Bool
    /// Hamiltonian at the draw: `energy__`.
    public var energy: Double

    /// Creates the statistics of one draw.
    public init(logDensity: Double, acceptStat: Double, stepSize: Double, treeDepth: Int,
                leapfrogSteps: Int, divergent: Bool, energy: Double) {
        self.logDensity = logDensity
        self.acceptStat = acceptStat
        self.stepSize = stepSize
        self.treeDepth = treeDepth
        self.leapfrogSteps = leapfrogSteps
        self.divergent = divergent
        self.energy = energy
    }

    /// CmdStan's names of the sampler columns, in order.
    public static let columnNames = ["lp__", "accept_stat__", "stepsize__", "treedepth__",
                                     "n_leapfrog__", "divergent__", "energy__"]

    /// The seven values in column order.
    public var columnValues: [Double] {
        [logDensity, acceptStat, stepSize, Double(treeDepth), Double(leapfrogSteps), divergent ? 1 : 0, energy]
    }
}

/// The inverse mass matrix (metric) found by warmup, as CmdStan records it after
/// "# Adaptation terminated".
public enum AdaptedMetric: Equatable, Sendable {
    /// Identity metric (`unit_e`); CmdStan writes no elements for it.
    case unit
    /// Diagonal elements (`diag_e`).
    case diagonal([Double])
    /// Full matrix (`dense_e`), one array per row.
    case dense([[Double]])
}

/// The result of warmup written into (and read back from) a Stan CSV file.
public struct AdaptationInfo: Equatable, Sendable {
    /// Adapted step size.
    public var stepSize: Double
    /// Adapted inverse metric.
    public var inverseMetric: AdaptedMetric

    /// Creates adaptation information.
    public init(stepSize: Double, inverseMetric: AdaptedMetric) {
        self.stepSize = stepSize
        self.inverseMetric = inverseMetric
    }
}

/// Wall-clock durations CmdStan prints at the end of a run ("Elapsed Time").
public struct SamplingTiming: Equatable, Sendable {
    /// Seconds spent in warmup.
    public var warmupSeconds: Double
    /// Seconds spent drawing samples.
    public var samplingSeconds: Double
    /// Creates timings.
    public init(warmupSeconds: Double, samplingSeconds: Double) {
        self.warmupSeconds = warmupSeconds
        self.samplingSeconds = samplingSeconds
    }
}

/// Errors while writing or reading Stan CSV files. Messages name the file (and line when reading).
public enum StanCSVError: Error, Equatable, CustomStringConvertible {
    /// Opening, writing or reading the file failed.
    case io(file: String, message: String)
    /// A row to write did not have one value per column.
    case wrongRowLength(file: String, expected: Int, found: Int)
    /// The file's content is not valid Stan CSV; `line` is one-based.
    case malformed(file: String, line: Int, message: String)
    /// The writer was used after `close()`.
    case closed(file: String)

    /// Human-readable message, e.g. `chain_1.csv:42: expected 10 values, found 9`.
    public var description: String {
        switch self {
        case let .io(file, message): return "\(file): \(message)"
        case let .wrongRowLength(file, expected, found):
            return "\(file): draw row has \(found) values but the header has \(expected) columns"
        case let .malformed(file, line, message): return "\(file):\(line): \(message)"
        case let .closed(file): return "\(file): writer already closed"
        }
    }
}
