// The comment lines that say, before CmdStan's adaptation block, how the metric was adapted.
import StrataOutput
import StrataSamplers

public extension MetricKind {
    /// CmdStan's name of the metric (`lowrank_e` for the low-rank metric, which CmdStan does not have: the CSV
    /// header then says `metric = diag_e` and `strata_metric_kind = lowrank_e`).
    var cmdStanName: String {
        switch self {
        case .unit: return "unit_e"
        case .diagonal: return "diag_e"
        case .dense: return "dense_e"
        case .lowRank: return "lowrank_e"
        }
    }
}

/// Describes the adaptation in plain comment lines (no leading `# `).
enum AdaptationDescription {
    static func lines(report: AdaptationReport, inverseMetric: InverseMetric, format: CSVNumberFormat) -> [String] {
        var lines: [String] = []
        let kind: String
        switch inverseMetric {
        case .unit: kind = "unit"
        case .diagonal: kind = "diagonal"
        case .dense: kind = "dense"
        case .lowRank: kind = "diagonal plus low rank"
        }
        switch report.adaptation {
        case .stan?:
            lines.append("Metric (\(kind)) adapted by Stan's windowed adaptation from the variances of the draws: "
                         + "\(report.metricUpdates) windows, the last of \(report.drawsInLastEstimate) draws")
        case .fisher?:
            lines.append("Metric (\(kind)) adapted by Fisher divergence from warmup draws and gradients (nutpie's "
                         + "schedule): \(report.metricUpdates) updates, the last from \(report.drawsInLastEstimate) draws")
        case nil:
            break
        }
        if case let .lowRank(f) = inverseMetric {
            func list(_ v: [Double]) -> String { v.map(format.format).joined(separator: ", ") }
            // Neither "inverse mass matrix" (ArviZ reads the next line as the metric) nor "metric =" (cmdstanpy reads
            // the value as the metric's name).
            lines.append("Low-rank inverse metric: diag(s) (I + U (diag(lambda) - I) U') diag(s), rank \(f.rank)")
            lines.append("Scales s:")
            lines.append(list(f.scale))
            lines.append("Eigenvalues lambda:")
            lines.append(f.rank == 0 ? "(none)" : list(f.values))
            lines.append("Directions U (one line per direction):")
            for j in 0..<f.rank { lines.append(list((0..<f.dimension).map { f.vectors[$0, j] })) }
        }
        return lines
    }
}
