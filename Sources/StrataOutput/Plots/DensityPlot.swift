// Marginal posterior densities: a kernel density estimate of all chains, one line per chain, the true value marked.
import Foundation

/// Marginal density panels, as the seed's lecture draws posteriors against the value the data
/// were simulated from: the pooled estimate is filled, each chain's estimate is a thin line, and a
/// known true value is a red vertical line labelled "truth".
public enum DensityPlot {
    /// Marginal densities of several variables, three panels per row.
    /// - Parameters:
    ///   - variables: each variable's name and per-chain draws.
    ///   - truth: true values by variable name (those given are marked).
    /// - Returns: an SVG document.
    public static func svg(variables: [(name: String, chains: [[Double]])], truth: [String: Double] = [:],
                           columns: Int = 3) -> String {
        let grid = PlotGrid(count: variables.count, columns: columns, panelWidth: 220, panelHeight: 120, header: 18)
        var out = SVGText.header(width: grid.documentWidth, height: grid.documentHeight)
        var legend = [("all chains", "#9ecae1")]
        if variables.contains(where: { truth[$0.name] != nil }) { legend.append(("truth", PlotStyle.truth)) }
        out += PlotStyle.legend(legend, x: grid.left, y: 13)
        for (k, v) in variables.enumerated() {
            let o = grid.origin(k)
            let t = truth[v.name]
            var (lo, hi) = PlotRange.padded(v.chains + [t.map { [$0] } ?? []], pad: 0.08)
            if !(hi > lo) { lo -= 1; hi += 1 }
            let pooled = KernelDensity.estimate(v.chains.flatMap { $0 }, lo: lo, hi: hi)
            let perChain = v.chains.map { KernelDensity.estimate($0, lo: lo, hi: hi).density }
            let peak = max(pooled.density.max() ?? 0, perChain.compactMap { $0.max() }.max() ?? 0)
            let panel = PlotPanel(x0: o.x, y0: o.y, width: grid.panelWidth, height: grid.panelHeight,
                                  xLow: lo, xHigh: hi, yLow: 0, yHigh: peak > 0 ? peak * 1.08 : 1)
            out += "<g class=\"density-panel\" data-name=\"\(SVGText.escape(v.name))\">\n" + panel.title(v.name)
            out += panel.axes(xLabel: v.name, yLabel: "density", tickTarget: 4)
            var area = "M\(SVGText.num(panel.x(lo))) \(SVGText.num(panel.y(0)))"
            for (x, d) in zip(pooled.x, pooled.density) { area += "L\(SVGText.num(panel.x(x))) \(SVGText.num(panel.y(d)))" }
            area += "L\(SVGText.num(panel.x(hi))) \(SVGText.num(panel.y(0)))Z"
            out += "<path class=\"density\" d=\"\(area)\" fill=\"#9ecae1\" fill-opacity=\"0.6\" stroke=\"#3182bd\" stroke-width=\"1.2\"/>\n"
            for (c, d) in perChain.enumerated() where v.chains.count > 1 {
                out += panel.polyline(Array(zip(pooled.x, d)), stroke: PlotStyle.chainColor(c), width: 0.8,
                                      extra: "class=\"chain-density\" data-chain=\"\(c + 1)\" stroke-opacity=\"0.8\"")
            }
            if let t, t.isFinite {
                out += panel.verticalLine(at: t, stroke: PlotStyle.truth, cssClass: "truth")
                out += "<text class=\"truth-label\" x=\"\(SVGText.num(panel.x(t) + 3))\" y=\"\(SVGText.num(panel.y0 + 10))\" font-size=\"9\" fill=\"\(PlotStyle.truth)\">truth</text>\n"
            }
            out += "</g>\n"
        }
        return out + "</svg>\n"
    }
}
