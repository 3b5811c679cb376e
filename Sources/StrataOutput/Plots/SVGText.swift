// Small helpers for writing SVG by hand: XML escaping, compact coordinates, nice axis ticks.
import Foundation

/// Helpers shared by the SVG renderers (trace plots and model graphs).
enum SVGText {
    /// Escapes text for use in XML content or attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros ("12.5", "3", "-0.25").
    static func num(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        let r = (x * 100).rounded() / 100
        if r == r.rounded() { return String(Int(r)) }
        var s = String(format: "%.2f", r)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// The opening `<svg>` element with a white background and a default font.
    static func header(width: Double, height: Double) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(num(width))" height="\(num(height))" \
        viewBox="0 0 \(num(width)) \(num(height))" font-family="Helvetica, Arial, sans-serif">
        <rect x="0" y="0" width="\(num(width))" height="\(num(height))" fill="white"/>

        """
    }

    /// Roughly `target` evenly spaced "nice" values (steps of 1, 2 or 5 × 10^k) covering [lo, hi].
    static func niceTicks(_ lo: Double, _ hi: Double, target: Int = 5) -> (ticks: [Double], step: Double) {
        guard lo.isFinite, hi.isFinite, hi > lo else { return ([lo], 1) }
        let raw = (hi - lo) / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let normalized = raw / magnitude
        let step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude
        var ticks: [Double] = []
        var k = (lo / step).rounded(.up)
        while k * step <= hi + step * 1e-9 && ticks.count < 100 {
            ticks.append(k * step)
            k += 1
        }
        return (ticks, step)
    }

    /// Formats a tick value with just enough decimals for the tick spacing.
    static func tickLabel(_ x: Double, step: Double) -> String {
        let magnitude = max(abs(x), step)
        if magnitude >= 1e6 || (magnitude < 1e-3 && magnitude > 0) {
            return String(format: "%.3g", x)
        }
        let decimals = max(0, Int((-log10(step)).rounded(.up)))
        let s = String(format: "%.\(decimals)f", abs(x) < step * 1e-9 ? 0 : x)
        return s
    }
}
