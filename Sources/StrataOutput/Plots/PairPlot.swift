// Scatter-plot matrix of a few variables with divergent transitions marked (histograms on the diagonal).
import Foundation

/// A pair plot: below the diagonal, each pair of variables as a scatter of draws (all chains);
/// on the diagonal, each variable's histogram. Draws whose transition diverged are drawn on top
/// in magenta, so a funnel or a wall where the sampler fails shows where divergences cluster.
public enum PairPlot {
    /// Largest number of ordinary (non-divergent) points drawn per panel; divergent ones are all kept (up to 1,000).
    static let maxPoints = 1500

    /// The indices of the pooled draws to draw: an even thinning of the ordinary draws plus the divergent ones.
    static func pointIndices(divergent: [Bool]) -> (ordinary: [Int], divergent: [Int]) {
        let bad = divergent.indices.filter { divergent[$0] }
        let good = divergent.indices.filter { !divergent[$0] }
        let step = max(1, (good.count + maxPoints - 1) / maxPoints)
        return (stride(from: 0, to: good.count, by: step).map { good[$0] }, Array(bad.prefix(1000)))
    }

    /// A pair plot.
    /// - Parameters:
    ///   - variables: two to six variables with per-chain draws of equal lengths.
    ///   - divergent: per chain, whether each draw's transition diverged (empty: none known).
    /// - Returns: an SVG document.
    public static func svg(variables: [(name: String, chains: [[Double]])], divergent: [[Bool]] = []) -> String {
        let k = variables.count
        let size = k <= 2 ? 200.0 : k <= 4 ? 150 : 115
        let gap = 14.0, left = 62.0, top = 26.0, bottom = 46.0
        let width = left + Double(k) * (size + gap) + 10
        let height = top + Double(k) * (size + gap) + bottom
        var out = SVGText.header(width: width, height: height)
        let pooled = variables.map { $0.chains.flatMap { $0 } }
        let n = pooled.map(\.count).min() ?? 0
        let flags = divergent.flatMap { $0 }
        let isDivergent = flags.count == n ? flags : [Bool](repeating: false, count: n)
        let (ordinary, bad) = pointIndices(divergent: isDivergent)
        out += PlotStyle.legend([("draws", "#1f77b4"), ("divergent (\(isDivergent.filter { $0 }.count))", PlotStyle.divergent)],
                                x: left, y: 14)
        let ranges = pooled.map { PlotRange.padded([$0]) }
        for row in 0..<k {
            for col in 0...row {
                let x0 = left + Double(col) * (size + gap), y0 = top + Double(row) * (size + gap)
                let xr = ranges[col]
                let bottomRow = row == k - 1, firstColumn = col == 0
                if row == col {
                    let bins = MarginalHistogram.binCount(n / max(variables[col].chains.count, 1))
                    let counts = MarginalHistogram.counts(pooled[col], lo: xr.0, hi: xr.1, bins: bins)
                    let peak = Double(counts.max() ?? 1)
                    let panel = PlotPanel(x0: x0, y0: y0, width: size, height: size, xLow: xr.0, xHigh: xr.1,
                                          yLow: 0, yHigh: max(peak, 1) * 1.05)
                    out += "<g class=\"pair-histogram\" data-name=\"\(SVGText.escape(variables[col].name))\">\n"
                    out += panel.axes(xLabel: bottomRow ? variables[col].name : nil, yLabel: nil, xTicks: bottomRow,
                                      yTicks: false, tickTarget: 3)
                    var path = ""
                    let w = (xr.1 - xr.0) / Double(bins)
                    for (b, c) in counts.enumerated() where c > 0 {
                        let xa = panel.x(xr.0 + Double(b) * w), xb = panel.x(xr.0 + Double(b + 1) * w)
                        path += "M\(SVGText.num(xa)) \(SVGText.num(panel.y(0)))V\(SVGText.num(panel.y(Double(c))))H\(SVGText.num(xb))V\(SVGText.num(panel.y(0)))Z"
                    }
                    out += "<path class=\"bars\" d=\"\(path)\" fill=\"#9ecae1\" stroke=\"#3182bd\" stroke-width=\"0.5\"/>\n</g>\n"
                    continue
                }
                let yr = ranges[row]
                let panel = PlotPanel(x0: x0, y0: y0, width: size, height: size, xLow: xr.0, xHigh: xr.1, yLow: yr.0, yHigh: yr.1)
                out += "<g class=\"pair-scatter\" data-x=\"\(SVGText.escape(variables[col].name))\" data-y=\"\(SVGText.escape(variables[row].name))\">\n"
                out += panel.axes(xLabel: bottomRow ? variables[col].name : nil, yLabel: firstColumn ? variables[row].name : nil,
                                  xTicks: bottomRow, yTicks: firstColumn, tickTarget: 3)
                out += dots(ordinary, panel: panel, xs: pooled[col], ys: pooled[row], radius: 1.3, color: "#1f77b4", opacity: 0.35, cssClass: "draws")
                out += dots(bad, panel: panel, xs: pooled[col], ys: pooled[row], radius: 2.2, color: PlotStyle.divergent, opacity: 0.9, cssClass: "divergent")
                out += "</g>\n"
            }
        }
        return out + "</svg>\n"
    }

    /// One path of small squares-as-circles (a zero-length round-capped segment per point keeps the file small).
    private static func dots(_ indices: [Int], panel: PlotPanel, xs: [Double], ys: [Double], radius: Double,
                             color: String, opacity: Double, cssClass: String) -> String {
        var d = ""
        for i in indices where xs[i].isFinite && ys[i].isFinite {
            d += "M\(SVGText.num(panel.x(xs[i]))) \(SVGText.num(panel.y(ys[i])))h0"
        }
        guard !d.isEmpty else { return "" }
        return "<path class=\"\(cssClass)\" d=\"\(d)\" stroke=\"\(color)\" stroke-opacity=\"\(SVGText.num(opacity))\" stroke-width=\"\(SVGText.num(2 * radius))\" stroke-linecap=\"round\" fill=\"none\"/>\n"
    }
}
