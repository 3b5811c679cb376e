// Trace plots of MCMC chains as standalone SVG: one row per variable, trace on the left, marginal histogram on the right.
import Foundation

/// Renders trace plots (value against iteration, one colour per chain) as self-contained SVG.
///
/// Each variable gets one row: the trace panel with axes, ticks and labels, and, beside it, a
/// histogram of all chains' draws that shares the trace's vertical axis (with one outline per
/// chain), in the spirit of PyStan's `traceplot`. Non-finite draws are left out. Long chains
/// are thinned for drawing by keeping each bucket's minimum and maximum, so spikes stay visible.
public enum TracePlot {
    /// Layout settings.
    public struct Options: Sendable {
        /// Width of the trace panel's plotting area, in pixels.
        public var traceWidth = 520.0
        /// Height of each plotting area, in pixels.
        public var panelHeight = 140.0
        /// Whether to draw the marginal histogram beside each trace.
        public var showHistogram = true
        /// Width of the histogram panel, in pixels.
        public var histogramWidth = 150.0
        /// Largest number of points drawn per chain (at least 16).
        public var maxPointsPerChain = 2000
        /// Creates default options.
        public init() {}
    }

    /// Colours used for chains 1, 2, …, repeating after ten.
    public static let chainColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                     "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// A trace plot of one variable.
    /// - Parameters:
    ///   - name: variable name shown as the panel title.
    ///   - chains: draws of each chain in iteration order.
    ///   - options: layout settings.
    /// - Returns: an SVG document.
    public static func svg(name: String, chains: [[Double]], options: Options = Options()) -> String {
        svg(variables: [(name, chains)], options: options)
    }

    /// Trace plots of several variables, one row each.
    /// - Parameters:
    ///   - variables: each variable's name and per-chain draws.
    ///   - options: layout settings.
    /// - Returns: an SVG document.
    public static func svg(variables: [(name: String, chains: [[Double]])], options: Options = Options()) -> String {
        let layout = TraceLayout(options: options)
        var out = SVGText.header(width: layout.totalWidth, height: layout.rowHeight * Double(max(variables.count, 1)))
        for (row, variable) in variables.enumerated() {
            out += panelRow(name: variable.name, chains: variable.chains, top: layout.rowHeight * Double(row), layout: layout)
        }
        out += "</svg>\n"
        return out
    }

    private static func panelRow(name: String, chains: [[Double]], top: Double, layout: TraceLayout) -> String {
        let o = layout.options
        let x0 = layout.leftMargin, y0 = top + layout.topMargin
        let w = o.traceWidth, h = o.panelHeight
        var out = "<g class=\"variable\" data-name=\"\(SVGText.escape(name))\">\n"
        out += "<text x=\"\(SVGText.num(x0))\" y=\"\(SVGText.num(top + 17))\" font-size=\"13\" font-weight=\"bold\">\(SVGText.escape(name))</text>\n"
        if chains.count > 1 {
            // Legend: "chain 1 chain 2 ..." in the chain colours, right-aligned above the trace.
            var lx = x0 + w
            for c in stride(from: chains.count - 1, through: 0, by: -1) {
                out += "<text class=\"legend\" x=\"\(SVGText.num(lx))\" y=\"\(SVGText.num(top + 17))\" font-size=\"10\" text-anchor=\"end\" fill=\"\(chainColors[c % chainColors.count])\">chain \(c + 1)</text>\n"
                lx -= 48
            }
        }
        var lo = Double.infinity, hi = -Double.infinity
        var iterations = 0
        for chain in chains {
            iterations = max(iterations, chain.count)
            for v in chain where v.isFinite { lo = min(lo, v); hi = max(hi, v) }
        }
        out += "<rect class=\"frame\" x=\"\(SVGText.num(x0))\" y=\"\(SVGText.num(y0))\" width=\"\(SVGText.num(w))\" height=\"\(SVGText.num(h))\" fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>\n"
        guard lo <= hi else {
            out += "<text x=\"\(SVGText.num(x0 + w / 2))\" y=\"\(SVGText.num(y0 + h / 2))\" font-size=\"12\" text-anchor=\"middle\">no finite draws</text>\n</g>\n"
            return out
        }
        if lo == hi { let pad = lo == 0 ? 0.5 : abs(lo) * 0.1; lo -= pad; hi += pad }
        let pad = (hi - lo) * 0.05
        lo -= pad; hi += pad
        let yScale = { (v: Double) in y0 + h - (v - lo) / (hi - lo) * h }
        let xMax = Double(max(iterations, 2))
        let xScale = { (i: Double) in x0 + (i - 1) / (xMax - 1) * w }
        // Axes: y ticks on the left, x ticks (iterations) below.
        let yt = SVGText.niceTicks(lo, hi)
        for t in yt.ticks {
            let y = yScale(t)
            out += "<line x1=\"\(SVGText.num(x0 - 4))\" y1=\"\(SVGText.num(y))\" x2=\"\(SVGText.num(x0))\" y2=\"\(SVGText.num(y))\" stroke=\"#444\"/>"
            out += "<text x=\"\(SVGText.num(x0 - 6))\" y=\"\(SVGText.num(y + 4))\" font-size=\"10\" text-anchor=\"end\">\(SVGText.tickLabel(t, step: yt.step))</text>\n"
        }
        let xt = SVGText.niceTicks(1, xMax, target: 6)
        for t in xt.ticks {
            let x = xScale(t)
            out += "<line x1=\"\(SVGText.num(x))\" y1=\"\(SVGText.num(y0 + h))\" x2=\"\(SVGText.num(x))\" y2=\"\(SVGText.num(y0 + h + 4))\" stroke=\"#444\"/>"
            out += "<text x=\"\(SVGText.num(x))\" y=\"\(SVGText.num(y0 + h + 15))\" font-size=\"10\" text-anchor=\"middle\">\(SVGText.tickLabel(t, step: xt.step))</text>\n"
        }
        out += "<text x=\"\(SVGText.num(x0 + w / 2))\" y=\"\(SVGText.num(y0 + h + 29))\" font-size=\"11\" text-anchor=\"middle\" class=\"axis-label\">iteration</text>\n"
        for (c, chain) in chains.enumerated() {
            let color = chainColors[c % chainColors.count]
            var points = ""
            for (i, v) in decimate(chain, maxPoints: o.maxPointsPerChain) {
                points += SVGText.num(xScale(Double(i + 1))) + "," + SVGText.num(yScale(v)) + " "
            }
            out += "<polyline class=\"trace\" data-chain=\"\(c + 1)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"0.8\" stroke-opacity=\"0.85\" points=\"\(points)\"/>\n"
        }
        if o.showHistogram {
            out += MarginalHistogram.svg(chains: chains, lo: lo, hi: hi, x0: x0 + w + layout.gap, y0: y0,
                                         width: o.histogramWidth, height: h, colors: chainColors)
        }
        out += "</g>\n"
        return out
    }

    /// Finite points to draw, as (iteration index, value); keeps min and max of each bucket when thinning.
    static func decimate(_ chain: [Double], maxPoints: Int) -> [(Int, Double)] {
        let limit = max(16, maxPoints)
        if chain.count <= limit {
            return chain.enumerated().filter { $0.element.isFinite }.map { ($0.offset, $0.element) }
        }
        let buckets = limit / 2
        var out: [(Int, Double)] = []
        out.reserveCapacity(limit)
        for b in 0..<buckets {
            let start = b * chain.count / buckets, end = (b + 1) * chain.count / buckets
            var lo: (Int, Double)? = nil, hi: (Int, Double)? = nil
            for i in start..<end where chain[i].isFinite {
                if lo == nil || chain[i] < lo!.1 { lo = (i, chain[i]) }
                if hi == nil || chain[i] > hi!.1 { hi = (i, chain[i]) }
            }
            guard let l = lo, let h = hi else { continue }
            if l.0 == h.0 { out.append(l) } else if l.0 < h.0 { out.append(l); out.append(h) } else { out.append(h); out.append(l) }
        }
        return out
    }
}

/// Pixel geometry of a trace-plot row.
struct TraceLayout {
    let options: TracePlot.Options
    let leftMargin = 62.0
    let rightMargin = 16.0
    let topMargin = 26.0
    let bottomMargin = 40.0
    let gap = 26.0
    var rowHeight: Double { topMargin + options.panelHeight + bottomMargin }
    var totalWidth: Double {
        leftMargin + options.traceWidth + (options.showHistogram ? gap + options.histogramWidth : 0) + rightMargin
    }
}
