// Forest plot: median, 50 % and 90 % intervals of each variable, one coloured line per run, to compare runs or models.
import Foundation
import StrataDiagnostics

/// Intervals of many variables side by side, as ArviZ's `plot_forest`: one row per variable, one
/// line per run (thin: 90 % interval, thick: 50 % interval, dot: median). Used to compare models
/// of the same data, such as the seed's no, complete and partial pooling.
public enum ForestPlot {
    /// The quantiles drawn for one variable of one run.
    public struct Interval: Equatable, Sendable {
        /// 5 %, 25 %, 50 %, 75 % and 95 % quantiles.
        public var q5: Double, q25: Double, median: Double, q75: Double, q95: Double
        /// The quantiles of all finite draws (pooled over chains); `nil` when there is none.
        public init?(draws: [Double]) {
            let s = draws.filter(\.isFinite).sorted()
            guard !s.isEmpty else { return nil }
            func q(_ p: Double) -> Double { Quantiles.quantile(sorted: s, probability: p) }
            q5 = q(0.05); q25 = q(0.25); median = q(0.5); q75 = q(0.75); q95 = q(0.95)
        }
    }

    /// One run (or model) to draw: its label and its intervals by variable name.
    public struct Series: Sendable {
        /// Legend label.
        public var label: String
        /// Intervals by variable name; variables it lacks are left blank in their row.
        public var intervals: [String: Interval]
        /// Creates a series.
        public init(label: String, intervals: [String: Interval]) { self.label = label; self.intervals = intervals }
    }

    /// A forest plot.
    /// - Parameters:
    ///   - rows: variable names, top to bottom.
    ///   - series: the runs, drawn in this order within each row.
    /// - Returns: an SVG document.
    public static func svg(rows: [String], series: [Series]) -> String {
        let lineGap = 9.0
        let rowHeight = max(22, lineGap * Double(series.count) + 10)
        let labelWidth = Double(rows.map(\.count).max() ?? 4) * 7 + 16
        let left = max(70, labelWidth), plotWidth = 420.0, top = 34.0
        let height = top + rowHeight * Double(max(rows.count, 1)) + 44
        var out = SVGText.header(width: left + plotWidth + 20, height: height)
        let all = series.flatMap { s in rows.compactMap { s.intervals[$0] }.flatMap { [$0.q5, $0.q95] } }
        let (lo, hi) = PlotRange.padded([all])
        let panel = PlotPanel(x0: left, y0: top, width: plotWidth, height: rowHeight * Double(max(rows.count, 1)),
                              xLow: lo, xHigh: hi, yLow: 0, yHigh: 1)
        out += PlotStyle.legend(series.enumerated().map { ($1.label, PlotStyle.chainColor($0)) }, x: left, y: 14)
        out += panel.axes(xLabel: "value (dot: median; thick: 50 %, thin: 90 % interval)", yLabel: nil, yTicks: false)
        let n = SVGText.num
        for (r, name) in rows.enumerated() {
            let rowTop = top + Double(r) * rowHeight
            if r % 2 == 1 {
                out += "<rect class=\"band\" x=\"\(n(left))\" y=\"\(n(rowTop))\" width=\"\(n(plotWidth))\" height=\"\(n(rowHeight))\" fill=\"#f2f2f2\"/>\n"
            }
            out += "<text class=\"row-label\" x=\"\(n(left - 8))\" y=\"\(n(rowTop + rowHeight / 2 + 4))\" font-size=\"11\" text-anchor=\"end\">\(SVGText.escape(name))</text>\n"
            let first = rowTop + (rowHeight - lineGap * Double(series.count - 1)) / 2
            for (s, run) in series.enumerated() {
                guard let i = run.intervals[name] else { continue }
                let y = first + lineGap * Double(s), color = PlotStyle.chainColor(s)
                out += "<g class=\"interval\" data-name=\"\(SVGText.escape(name))\" data-series=\"\(SVGText.escape(run.label))\">"
                out += "<line x1=\"\(n(panel.x(i.q5)))\" y1=\"\(n(y))\" x2=\"\(n(panel.x(i.q95)))\" y2=\"\(n(y))\" stroke=\"\(color)\" stroke-width=\"1.2\"/>"
                out += "<line x1=\"\(n(panel.x(i.q25)))\" y1=\"\(n(y))\" x2=\"\(n(panel.x(i.q75)))\" y2=\"\(n(y))\" stroke=\"\(color)\" stroke-width=\"3.5\"/>"
                out += "<circle cx=\"\(n(panel.x(i.median)))\" cy=\"\(n(y))\" r=\"3\" fill=\"white\" stroke=\"\(color)\" stroke-width=\"1.5\"/></g>\n"
            }
        }
        return out + "</svg>\n"
    }
}
