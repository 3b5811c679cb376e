// Self-contained SVG drawing of a ModelGraph using ModelGraphLayout: plates, arrows, circles, shaded circles, dots.
import Foundation

extension ModelGraph {
    /// The graph drawn as a standalone SVG document.
    ///
    /// Parameters are open circles, observed data grey-filled circles, fixed values small black
    /// dots with their label above, plates rounded rectangles labelled in the lower-right corner,
    /// and dependencies arrows. Elements carry classes (`node parameter`, `node observed`,
    /// `node fixed`, `plate`, `edge`) so the drawing can be restyled or inspected.
    /// - Throws: ``ModelGraphError`` if the graph is invalid.
    public func svg() throws -> String {
        let layout = try ModelGraphLayout(graph: self)
        let n = SVGText.num
        let fs = ModelGraphLayout.fontSize
        var out = SVGText.header(width: layout.width, height: layout.height)
        out += """
        <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" \
        markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="black"/></marker></defs>

        """
        for (p, b) in zip(plates, layout.plateBoxes) {
            out += "<rect class=\"plate\" data-id=\"\(SVGText.escape(p.id))\" x=\"\(n(b.x))\" y=\"\(n(b.y))\" width=\"\(n(b.width))\" height=\"\(n(b.height))\" rx=\"10\" ry=\"10\" fill=\"none\" stroke=\"black\" stroke-width=\"1.2\"/>\n"
            out += "<text class=\"plate-label\" x=\"\(n(b.x + b.width - 8))\" y=\"\(n(b.y + b.height - 7))\" font-size=\"\(n(fs - 1))\" text-anchor=\"end\">\(SVGText.escape(p.label))</text>\n"
        }
        let index = Dictionary(nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        for e in edges {
            let a = index[e.from]!, b = index[e.to]!
            let (x1, y1) = layout.centers[a], (x2, y2) = layout.centers[b]
            let dx = x2 - x1, dy = y2 - y1
            let len = max((dx * dx + dy * dy).squareRoot(), 1e-9)
            let start = layout.radii[a] + 1, end = layout.radii[b] + 1
            guard len > start + end else { continue }
            out += "<line class=\"edge\" x1=\"\(n(x1 + dx / len * start))\" y1=\"\(n(y1 + dy / len * start))\" x2=\"\(n(x2 - dx / len * end))\" y2=\"\(n(y2 - dy / len * end))\" stroke=\"black\" stroke-width=\"1.2\" marker-end=\"url(#arrow)\"/>\n"
        }
        for (i, node) in nodes.enumerated() {
            let (x, y) = layout.centers[i]
            let label = SVGText.escape(node.label)
            switch node.kind {
            case .parameter, .observed:
                let fill = node.kind == .observed ? "#c8c8c8" : "white"
                out += "<circle class=\"node \(node.kind.rawValue)\" data-id=\"\(SVGText.escape(node.id))\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(layout.radii[i]))\" fill=\"\(fill)\" stroke=\"black\" stroke-width=\"1.2\"/>\n"
                out += "<text x=\"\(n(x))\" y=\"\(n(y + fs * 0.35))\" font-size=\"\(n(fs))\" text-anchor=\"middle\">\(label)</text>\n"
            case .fixed:
                out += "<circle class=\"node fixed\" data-id=\"\(SVGText.escape(node.id))\" cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(layout.radii[i]))\" fill=\"black\"/>\n"
                out += "<text x=\"\(n(x))\" y=\"\(n(y - layout.radii[i] - 6))\" font-size=\"\(n(fs))\" text-anchor=\"middle\">\(label)</text>\n"
            }
        }
        out += "</svg>\n"
        return out
    }
}
