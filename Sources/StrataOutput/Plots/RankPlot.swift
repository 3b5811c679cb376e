// Rank histograms per chain (Vehtari et al. 2021): all chains' draws ranked together, one outline per chain.
import Foundation
import StrataDiagnostics

/// Rank plots: for each variable, the draws of all chains are ranked together and each chain's
/// ranks are binned. Chains sampling the same distribution give flat, overlapping histograms;
/// a chain stuck in one region shows as a hump or a slope. The dashed line is the count every
/// bin would have under perfect mixing.
public enum RankPlot {
    /// Number of rank bins.
    static let bins = 20

    /// Each chain's counts of pooled ranks in `bins` equal bins (non-finite draws dropped).
    public static func counts(chains: [[Double]], bins: Int = 20) -> [[Int]] {
        let finite = chains.map { $0.filter(\.isFinite) }
        let ranks = Ranks.averageRanks(finite.flatMap { $0 })
        let total = Double(max(ranks.count, 1))
        var out: [[Int]] = []
        var offset = 0
        for chain in finite {
            var c = [Int](repeating: 0, count: bins)
            for r in ranks[offset..<offset + chain.count] {
                c[min(bins - 1, Int((r - 0.5) / total * Double(bins)))] += 1
            }
            out.append(c)
            offset += chain.count
        }
        return out
    }

    /// Rank plots of several variables, three panels per row.
    /// - Parameter variables: each variable's name and per-chain draws.
    /// - Returns: an SVG document.
    public static func svg(variables: [(name: String, chains: [[Double]])], columns: Int = 3) -> String {
        let grid = PlotGrid(count: variables.count, columns: columns, panelWidth: 220, panelHeight: 120, header: 18)
        var out = SVGText.header(width: grid.documentWidth, height: grid.documentHeight)
        let chains = variables.map(\.chains.count).max() ?? 0
        out += PlotStyle.legend((0..<chains).map { ("chain \($0 + 1)", PlotStyle.chainColor($0)) }, x: grid.left, y: 13)
        for (k, v) in variables.enumerated() {
            let o = grid.origin(k)
            let c = counts(chains: v.chains, bins: bins)
            let peak = Double(c.flatMap { $0 }.max() ?? 1)
            let expected = Double(c.first?.reduce(0, +) ?? 0) / Double(bins)
            let total = Double(c.reduce(0) { $0 + $1.reduce(0, +) })
            let panel = PlotPanel(x0: o.x, y0: o.y, width: grid.panelWidth, height: grid.panelHeight,
                                  xLow: 0, xHigh: max(total, 1), yLow: 0, yHigh: max(peak, expected) * 1.1 + 1)
            out += "<g class=\"rank-panel\" data-name=\"\(SVGText.escape(v.name))\">\n" + panel.title(v.name)
            out += panel.axes(xLabel: "rank (all chains)", yLabel: "count", tickTarget: 4)
            let width = max(total, 1) / Double(bins)
            for (chain, counts) in c.enumerated() {
                var points: [(Double, Double)] = [(0, 0)]
                for (b, n) in counts.enumerated() {
                    points.append((Double(b) * width, Double(n)))
                    points.append((Double(b + 1) * width, Double(n)))
                }
                points.append((max(total, 1), 0))
                out += panel.polyline(points, stroke: PlotStyle.chainColor(chain), width: 1.3,
                                      extra: "class=\"rank-histogram\" data-chain=\"\(chain + 1)\"")
            }
            out += "<line class=\"uniform\" x1=\"\(SVGText.num(panel.x(0)))\" y1=\"\(SVGText.num(panel.y(expected)))\" x2=\"\(SVGText.num(panel.x(max(total, 1))))\" y2=\"\(SVGText.num(panel.y(expected)))\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\n"
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }
}
