// Sideways histogram drawn beside a trace panel: pooled bars plus one outline per chain, sharing the trace's y-axis.
import Foundation

/// The marginal-density panel of a trace-plot row.
enum MarginalHistogram {
    /// Number of bins for `n` draws: the square-root rule, clamped to 10...50.
    static func binCount(_ n: Int) -> Int { min(50, max(10, Int(Double(n).squareRoot()))) }

    /// Counts of finite values of `values` falling into `bins` equal bins over [lo, hi].
    static func counts(_ values: [Double], lo: Double, hi: Double, bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        let width = (hi - lo) / Double(bins)
        for v in values where v.isFinite && v >= lo && v <= hi {
            counts[min(bins - 1, Int((v - lo) / width))] += 1
        }
        return counts
    }

    /// SVG for the panel whose plotting area is at (x0, y0) with the given size; values map to
    /// the vertical axis over [lo, hi], bar length to the horizontal axis (density scale).
    static func svg(chains: [[Double]], lo: Double, hi: Double, x0: Double, y0: Double,
                    width: Double, height: Double, colors: [String]) -> String {
        let total = chains.reduce(0) { $0 + $1.count }
        let bins = binCount(total / max(chains.count, 1))
        let pooled = counts(chains.flatMap { $0 }, lo: lo, hi: hi, bins: bins)
        let perChain = chains.map { counts($0, lo: lo, hi: hi, bins: bins) }
        // Normalise each histogram to a density so pooled and per-chain outlines are comparable.
        func density(_ c: [Int]) -> [Double] {
            let n = Double(max(c.reduce(0, +), 1))
            return c.map { Double($0) / n }
        }
        let pooledDensity = density(pooled)
        let chainDensities = perChain.map(density)
        let peak = max(pooledDensity.max() ?? 0, chainDensities.compactMap { $0.max() }.max() ?? 0, 1e-300)
        let binHeight = height / Double(bins)
        let yOfBin = { (b: Int) in y0 + height - Double(b) * binHeight }
        var out = "<g class=\"histogram\">\n"
        out += "<rect class=\"frame\" x=\"\(SVGText.num(x0))\" y=\"\(SVGText.num(y0))\" width=\"\(SVGText.num(width))\" height=\"\(SVGText.num(height))\" fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>\n"
        var bars = ""
        for (b, d) in pooledDensity.enumerated() where d > 0 {
            let len = d / peak * (width - 4)
            bars += "M\(SVGText.num(x0)) \(SVGText.num(yOfBin(b + 1)))h\(SVGText.num(len))v\(SVGText.num(binHeight))h\(SVGText.num(-len))z"
        }
        out += "<path class=\"bars\" d=\"\(bars)\" fill=\"#cccccc\" stroke=\"none\"/>\n"
        for (c, dens) in chainDensities.enumerated() {
            var points = "\(SVGText.num(x0)),\(SVGText.num(y0 + height)) "
            for (b, d) in dens.enumerated() {
                let x = x0 + d / peak * (width - 4)
                points += "\(SVGText.num(x)),\(SVGText.num(yOfBin(b))) \(SVGText.num(x)),\(SVGText.num(yOfBin(b + 1))) "
            }
            points += "\(SVGText.num(x0)),\(SVGText.num(y0))"
            out += "<polyline class=\"density\" data-chain=\"\(c + 1)\" fill=\"none\" stroke=\"\(colors[c % colors.count])\" stroke-width=\"1\" points=\"\(points)\"/>\n"
        }
        out += "<text x=\"\(SVGText.num(x0 + width / 2))\" y=\"\(SVGText.num(y0 + height + 15))\" font-size=\"11\" text-anchor=\"middle\" class=\"axis-label\">density</text>\n"
        out += "</g>\n"
        return out
    }
}
