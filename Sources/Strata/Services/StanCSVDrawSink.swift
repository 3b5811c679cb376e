// Bridges a chain's draws to a CmdStan-compatible CSV file, one sink and one file per chain.
import Foundation
import StrataOutput
import StrataSamplers
import StrataLinearAlgebra

/// Writes one chain's draws, adaptation result and timing to a Stan CSV file as they are made,
/// so an interrupted run leaves a valid file holding every finished draw.
public final class StanCSVDrawSink: DrawSink {
    /// The writer (exposed so callers can add comments or timing).
    public let writer: StanCSVWriter
    /// The first error hit while writing (writes stop after it).
    public private(set) var error: Error?
    private var started: Date?
    private var warmupEnded: Date?
    private var finished: Date?
    /// Seconds spent before the checkpoint this sink resumed from (zero for a fresh run).
    private var earlier = SamplingTiming(warmupSeconds: 0, samplingSeconds: 0)
    /// Whether the checkpoint this sink resumed from was taken after warmup.
    private var resumedAfterWarmup = false

    /// What a checkpoint records about the file: its length and the chain's time so far.
    struct SavedState: Codable {
        var bytes: Int
        var warmupSeconds: Double
        var samplingSeconds: Double
        var afterWarmup: Bool
    }

    /// This chain's own seconds in warmup and in sampling: from its start (not the run's: a chain may
    /// wait for a free thread) to the adaptation result, and from there to the chain's end (or now).
    /// A resumed chain adds the seconds it ran before its checkpoint (not the time it was stopped).
    public var timing: SamplingTiming {
        let end = finished ?? Date()
        let start = started ?? end
        let warm = (warmupEnded ?? end).timeIntervalSince(start)
        return SamplingTiming(warmupSeconds: earlier.warmupSeconds + warm,
                              samplingSeconds: earlier.samplingSeconds + (warmupEnded.map { end.timeIntervalSince($0) } ?? 0))
    }

    public func chainStarted(chain: Int) {
        started = Date()
        if resumedAfterWarmup { warmupEnded = started }
    }

    /// The file's length and the chain's time so far, after writing out everything recorded.
    public func checkpointState() throws -> Data? {
        try writer.flush()
        let t = timing
        return try JSONEncoder().encode(SavedState(bytes: writer.byteCount, warmupSeconds: t.warmupSeconds,
                                                   samplingSeconds: t.samplingSeconds, afterWarmup: warmupEnded != nil))
    }

    /// Reopens the file of a checkpointed run and continues it after the bytes the checkpoint recorded
    /// (`state` is what ``checkpointState()`` returned then).
    /// - Throws: ``StanCSVError`` if the file is missing, too short, or cannot be written.
    public init(resuming url: URL, state: Data, parameterNames: [String], numberFormat: CSVNumberFormat) throws {
        let saved: SavedState
        do { saved = try JSONDecoder().decode(SavedState.self, from: state) } catch {
            throw StanCSVError.io(file: url.lastPathComponent, message: "the checkpoint's record of this file is unreadable (\(error))")
        }
        writer = try StanCSVWriter(resuming: url, keeping: saved.bytes, parameterNames: parameterNames,
                                   numberFormat: numberFormat)
        earlier = SamplingTiming(warmupSeconds: saved.warmupSeconds, samplingSeconds: saved.samplingSeconds)
        resumedAfterWarmup = saved.afterWarmup
    }

    public func chainFinished(chain: Int) { if finished == nil { finished = Date() } }

    /// Creates `url` and writes the header.
    public init(url: URL, header: StanCSVHeader, parameterNames: [String]) throws {
        writer = try StanCSVWriter(url: url, header: header, parameterNames: parameterNames)
    }

    public func record(chain: Int, iteration: Int, isWarmup: Bool, outputs: [Double], info: TransitionInfo) {
        guard error == nil else { return }
        let stats = SamplerDrawStats(logDensity: info.logDensity, acceptStat: info.acceptStat, stepSize: info.stepSize,
                                     treeDepth: info.treeDepth, leapfrogSteps: info.leapfrogCount,
                                     divergent: info.isDivergent, energy: info.energy)
        do { try writer.writeDraw(stats, parameters: outputs) } catch { self.error = error }
    }

    public func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric) {
        adaptationFinished(chain: chain, stepSize: stepSize, inverseMetric: inverseMetric,
                           report: AdaptationReport(adaptation: nil, metricUpdates: 0, drawsInLastEstimate: 0))
    }

    /// Writes comment lines saying how the metric was adapted and, for a low-rank metric, its factors,
    /// then CmdStan's adaptation block (for a low-rank metric, the diagonal of the full inverse metric).
    public func adaptationFinished(chain: Int, stepSize: Double, inverseMetric: InverseMetric,
                                   report: AdaptationReport) {
        warmupEnded = Date()
        guard error == nil else { return }
        let metric: AdaptedMetric
        switch inverseMetric {
        case let .unit(dimension): metric = .diagonal([Double](repeating: 1, count: dimension))
        case let .diagonal(values): metric = .diagonal(values)
        case let .dense(m):
            metric = .dense((0..<m.rows).map { i in (0..<m.columns).map { j in m[i, j] } })
        case let .lowRank(f): metric = .diagonal(f.inverseMetricDiagonal)
        }
        do {
            // Strata's own lines go before CmdStan's block: cmdstanpy reads every comment line between the
            // inverse metric and "Elapsed Time" as a row of the metric.
            let lines = AdaptationDescription.lines(report: report, inverseMetric: inverseMetric,
                                                    format: writer.numberFormat)
            if !lines.isEmpty { try writer.writeComment(lines.joined(separator: "\n")) }
            try writer.writeAdaptation(AdaptationInfo(stepSize: stepSize, inverseMetric: metric))
        } catch { self.error = error }
    }
}
