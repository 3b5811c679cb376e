// One rectangular plotting area: linear scales from data to pixels, frame, ticks, tick labels and axis titles.
import Foundation

/// A plotting area placed in an SVG document, mapping a data rectangle onto a pixel rectangle.
///
/// Used by every plot builder so that all panels share the same look: a grey frame, nice tick
/// values (1, 2 or 5 × 10^k), and axis titles carrying the class `axis-label`.
struct PlotPanel {
    /// Pixel position of the plotting area's top-left corner and its size.
    var x0: Double, y0: Double, width: Double, height: Double
    /// Data ranges shown along each axis.
    var xLow: Double, xHigh: Double, yLow: Double, yHigh: Double

    /// Pixel x of a data value.
    func x(_ v: Double) -> Double { x0 + (v - xLow) / (xHigh - xLow) * width }
    /// Pixel y of a data value (up is larger).
    func y(_ v: Double) -> Double { y0 + height - (v - yLow) / (yHigh - yLow) * height }

    /// The frame, ticks with labels on the enabled axes, and the axis titles.
    func axes(xLabel: String?, yLabel: String?, xTicks: Bool = true, yTicks: Bool = true, tickTarget: Int = 5) -> String {
        let n = SVGText.num
        var out = "<rect class=\"frame\" x=\"\(n(x0))\" y=\"\(n(y0))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>\n"
        if xTicks {
            let t = SVGText.niceTicks(xLow, xHigh, target: tickTarget)
            for v in t.ticks {
                out += "<line class=\"tick\" x1=\"\(n(x(v)))\" y1=\"\(n(y0 + height))\" x2=\"\(n(x(v)))\" y2=\"\(n(y0 + height + 4))\" stroke=\"#444\"/>"
                out += "<text class=\"tick-label\" x=\"\(n(x(v)))\" y=\"\(n(y0 + height + 14))\" font-size=\"9\" text-anchor=\"middle\">\(SVGText.tickLabel(v, step: t.step))</text>\n"
            }
        }
        if yTicks {
            let t = SVGText.niceTicks(yLow, yHigh, target: max(3, tickTarget - 1))
            for v in t.ticks {
                out += "<line class=\"tick\" x1=\"\(n(x0 - 4))\" y1=\"\(n(y(v)))\" x2=\"\(n(x0))\" y2=\"\(n(y(v)))\" stroke=\"#444\"/>"
                out += "<text class=\"tick-label\" x=\"\(n(x0 - 6))\" y=\"\(n(y(v) + 3))\" font-size=\"9\" text-anchor=\"end\">\(SVGText.tickLabel(v, step: t.step))</text>\n"
            }
        }
        if let xLabel {
            out += "<text class=\"axis-label\" x=\"\(n(x0 + width / 2))\" y=\"\(n(y0 + height + (xTicks ? 28 : 14)))\" font-size=\"11\" text-anchor=\"middle\">\(SVGText.escape(xLabel))</text>\n"
        }
        if let yLabel {
            let lx = x0 - (yTicks ? 40 : 10), ly = y0 + height / 2
            out += "<text class=\"axis-label\" x=\"\(n(lx))\" y=\"\(n(ly))\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 \(n(lx)) \(n(ly)))\">\(SVGText.escape(yLabel))</text>\n"
        }
        return out
    }

    /// A bold title above the panel.
    func title(_ text: String) -> String {
        "<text class=\"panel-title\" x=\"\(SVGText.num(x0))\" y=\"\(SVGText.num(y0 - 7))\" font-size=\"12\" font-weight=\"bold\">\(SVGText.escape(text))</text>\n"
    }

    /// A polyline through data points (non-finite points skipped).
    func polyline(_ points: [(Double, Double)], stroke: String, width strokeWidth: Double = 1,
                  extra: String = "") -> String {
        var p = ""
        for (a, b) in points where a.isFinite && b.isFinite {
            p += SVGText.num(x(a)) + "," + SVGText.num(y(b)) + " "
        }
        return "<polyline \(extra) fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(SVGText.num(strokeWidth))\" points=\"\(p)\"/>\n"
    }

    /// A vertical line across the panel at data x `v`.
    func verticalLine(at v: Double, stroke: String, cssClass: String, dashed: Bool = false) -> String {
        let n = SVGText.num
        return "<line class=\"\(cssClass)\" x1=\"\(n(x(v)))\" y1=\"\(n(y0))\" x2=\"\(n(x(v)))\" y2=\"\(n(y0 + height))\" stroke=\"\(stroke)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>\n"
    }
}

/// Data ranges padded for display.
enum PlotRange {
    /// The smallest and largest finite values of all arrays, widened by `pad` of the span on each side;
    /// a single value gets a span of 10 % of its size (or ±0.5 at zero); no finite value gives (0, 1).
    static func padded(_ arrays: [[Double]], pad: Double = 0.05) -> (Double, Double) {
        var lo = Double.infinity, hi = -Double.infinity
        for a in arrays { for v in a where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        guard lo <= hi else { return (0, 1) }
        if lo == hi { let d = lo == 0 ? 0.5 : abs(lo) * 0.1; return (lo - d, hi + d) }
        let d = (hi - lo) * pad
        return (lo - d, hi + d)
    }
}

/// Positions of equally sized panels in a grid, and the document size they need.
struct PlotGrid {
    /// Number of panels and columns.
    let count: Int, columns: Int
    /// Size of each plotting area and the margins around it (left holds y tick labels and title).
    let panelWidth: Double, panelHeight: Double
    var left = 62.0, right = 16.0, top = 30.0, bottom = 44.0
    /// Height reserved above the grid (legend, caption).
    var header = 0.0

    var rows: Int { (count + columns - 1) / max(columns, 1) }
    var cellWidth: Double { left + panelWidth + right }
    var cellHeight: Double { top + panelHeight + bottom }
    var documentWidth: Double { cellWidth * Double(min(max(count, 1), columns)) }
    var documentHeight: Double { header + cellHeight * Double(max(rows, 1)) }

    /// The top-left pixel of panel `k`'s plotting area.
    func origin(_ k: Int) -> (x: Double, y: Double) {
        let r = k / columns, c = k % columns
        return (Double(c) * cellWidth + left, header + Double(r) * cellHeight + top)
    }
}

/// Colours and marks shared by the plots.
enum PlotStyle {
    /// Colour of chain `c` (zero-based).
    static func chainColor(_ c: Int) -> String { TracePlot.chainColors[c % TracePlot.chainColors.count] }
    /// Colour marking divergent transitions.
    static let divergent = "#e4007c"
    /// Colour of the true value.
    static let truth = "#d62728"
    /// A row of coloured legend entries starting at (x, y).
    static func legend(_ entries: [(label: String, color: String)], x: Double, y: Double) -> String {
        var out = "<g class=\"legend\">"
        var lx = x
        for e in entries {
            out += "<rect x=\"\(SVGText.num(lx))\" y=\"\(SVGText.num(y - 8))\" width=\"10\" height=\"10\" fill=\"\(e.color)\"/>"
            out += "<text x=\"\(SVGText.num(lx + 14))\" y=\"\(SVGText.num(y + 1))\" font-size=\"10\">\(SVGText.escape(e.label))</text>"
            lx += 24 + Double(e.label.count) * 6
        }
        return out + "</g>\n"
    }
}
