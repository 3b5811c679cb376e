// The plots of a run by kind (trace, rank, density, pair, energy) and the forest plot across runs, with display names.
import Foundation
import StrataDiagnostics

/// The plots `strata plot` and `strata report` draw.
public enum PlotKind: String, CaseIterable, Sendable {
    case trace, rank, density, pair, energy, forest
}

extension PosteriorRun {
    /// Per-chain draws of each column under its display name (`N_initial[1]`); unknown columns are skipped.
    public func panels(_ columns: [String]) -> [(name: String, chains: [[Double]])] {
        columns.compactMap { c in draws(c).map { (VariableSelection.displayName(c), $0) } }
    }

    /// One plot of this run (every kind but `forest`, which compares runs: see ``forestSVG(runs:columns:)``).
    /// - Parameters:
    ///   - kind: the plot.
    ///   - columns: the columns shown (ignored by `energy`).
    ///   - truth: true values by column name, marked on `density` panels.
    /// - Returns: an SVG document, or `nil` when the run lacks what the plot needs (no `energy__` column).
    public func svg(_ kind: PlotKind, columns: [String], truth: [String: Double] = [:]) -> String? {
        switch kind {
        case .trace:
            // Compact rows (1,000 points per chain at most) so that a page holds several variables.
            var options = TracePlot.Options()
            options.panelHeight = 95; options.traceWidth = 640; options.maxPointsPerChain = 1000
            return TracePlot.svg(variables: panels(columns), options: options)
        case .rank: return RankPlot.svg(variables: panels(columns))
        case .density:
            let shown = Dictionary(truth.map { (VariableSelection.displayName($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
            return DensityPlot.svg(variables: panels(columns), truth: shown)
        case .pair: return PairPlot.svg(variables: panels(columns), divergent: divergent)
        case .energy: return draws("energy__").map { EnergyPlot.svg(energy: $0) }
        case .forest: return Self.forestSVG(runs: [self], columns: columns)
        }
    }

    /// A forest plot of the same columns across runs (rows: columns present in at least one run).
    public static func forestSVG(runs: [PosteriorRun], columns: [String]) -> String {
        let series = runs.map { run in
            ForestPlot.Series(label: run.label, intervals: Dictionary(uniqueKeysWithValues: columns.compactMap { c in
                run.draws(c).flatMap { ForestPlot.Interval(draws: $0.flatMap { $0 }) }.map { (VariableSelection.displayName(c), $0) }
            }))
        }
        let rows = columns.map(VariableSelection.displayName).filter { r in series.contains { $0.intervals[r] != nil } }
        return ForestPlot.svg(rows: rows, series: series)
    }
}
