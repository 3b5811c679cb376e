// Energy plot (Betancourt 2016): marginal energy against energy transitions, with E-BFMI per chain.
import Foundation
import StrataDiagnostics

/// The HMC energy diagnostic: the distribution of the Hamiltonian around its mean ("marginal
/// energy") against the distribution of its change between successive draws ("energy
/// transition"). When the transition histogram is much narrower than the marginal one, momentum
/// resampling cannot move the chain through the energy levels fast enough (low E-BFMI).
public enum EnergyPlot {
    /// The centred energies and the energy changes of all chains, pooled.
    public static func series(energy: [[Double]]) -> (marginal: [Double], transition: [Double]) {
        var marginal: [Double] = [], transition: [Double] = []
        for chain in energy {
            let finite = chain.filter(\.isFinite)
            guard !finite.isEmpty else { continue }
            let mean = Quantiles.mean(finite)
            marginal += finite.map { $0 - mean }
            if finite.count > 1 { transition += (1..<finite.count).map { finite[$0] - finite[$0 - 1] } }
        }
        return (marginal, transition)
    }

    /// The energy plot of one run.
    /// - Parameter energy: `energy__` per chain.
    /// - Returns: an SVG document.
    public static func svg(energy: [[Double]]) -> String {
        let grid = PlotGrid(count: 1, columns: 1, panelWidth: 420, panelHeight: 200, right: 150, header: 18)
        var out = SVGText.header(width: grid.documentWidth, height: grid.documentHeight)
        let (marginal, transition) = series(energy: energy)
        let (lo, hi) = PlotRange.padded([marginal, transition])
        let bins = 40
        let m = MarginalHistogram.counts(marginal, lo: lo, hi: hi, bins: bins)
        let t = MarginalHistogram.counts(transition, lo: lo, hi: hi, bins: bins)
        let w = (hi - lo) / Double(bins)
        func density(_ c: [Int]) -> [Double] { let s = Double(max(c.reduce(0, +), 1)); return c.map { Double($0) / s / w } }
        let dm = density(m), dt = density(t)
        let peak = max(dm.max() ?? 0, dt.max() ?? 0)
        let o = grid.origin(0)
        let panel = PlotPanel(x0: o.x, y0: o.y, width: grid.panelWidth, height: grid.panelHeight,
                              xLow: lo, xHigh: hi, yLow: 0, yHigh: peak > 0 ? peak * 1.08 : 1)
        let marginalColor = "#3182bd", transitionColor = "#fd8d3c"
        out += PlotStyle.legend([("marginal energy (E − mean)", marginalColor), ("energy transition (ΔE)", transitionColor)],
                                x: grid.left, y: 13)
        out += "<g class=\"energy-panel\">\n" + panel.axes(xLabel: "energy", yLabel: "density")
        for (cls, d, color) in [("marginal-energy", dm, marginalColor), ("energy-transition", dt, transitionColor)] {
            var path = ""
            for (b, v) in d.enumerated() where v > 0 {
                let xa = panel.x(lo + Double(b) * w), xb = panel.x(lo + Double(b + 1) * w)
                path += "M\(SVGText.num(xa)) \(SVGText.num(panel.y(0)))V\(SVGText.num(panel.y(v)))H\(SVGText.num(xb))V\(SVGText.num(panel.y(0)))Z"
            }
            out += "<path class=\"\(cls)\" d=\"\(path)\" fill=\"\(color)\" fill-opacity=\"0.45\" stroke=\"\(color)\" stroke-width=\"0.8\"/>\n"
        }
        var ty = panel.y0 + 12
        let tx = panel.x0 + panel.width + 14
        out += "<text class=\"ebfmi\" x=\"\(SVGText.num(tx))\" y=\"\(SVGText.num(ty))\" font-size=\"11\" font-weight=\"bold\">E-BFMI</text>\n"
        for (c, e) in energy.enumerated() {
            ty += 15
            let value = EnergyBFMI.value(energy: e)
            let low = value < 0.3
            out += "<text class=\"ebfmi\(low ? " low" : "")\" x=\"\(SVGText.num(tx))\" y=\"\(SVGText.num(ty))\" font-size=\"10\" fill=\"\(low ? PlotStyle.truth : "#222")\">chain \(c + 1): \(value.isFinite ? NumberFormatting.fixed(value, decimals: 2) : "n/a")\(low ? " (< 0.3)" : "")</text>\n"
        }
        return out + "</g>\n</svg>\n"
    }
}
