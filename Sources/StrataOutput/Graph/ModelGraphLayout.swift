// Layered layout for ModelGraph: rows by dependency depth, each plate a vertical band so its box holds only its nodes.

/// Pixel positions of the nodes and plate boxes of a ``ModelGraph``.
///
/// Rows are dependency ranks (``ModelGraph/topologicalRanks()``). Horizontally every plate owns
/// a band: its own nodes on the left, nested plates' bands beside them, so a plate's rectangle
/// (which spans its band and the rows of its members) never encloses an outside node. Top-level
/// nodes are split to the left and right of the plates. Within a row, nodes keep the order in
/// which they were added and are centred in their region.
struct ModelGraphLayout {
    struct Box { var x: Double, y: Double, width: Double, height: Double }

    /// Centre of each node, by node index.
    var centers: [(x: Double, y: Double)]
    /// Drawn radius of each node (small for fixed nodes).
    var radii: [Double]
    /// Rectangle of each plate, by plate index.
    var plateBoxes: [Box]
    var width: Double
    var height: Double

    static let fontSize = 13.0
    static let charWidth = 7.2
    static let fixedRadius = 4.0
    static let plateInset = 6.0
    static let platePadding = 14.0
    static let labelHeight = 18.0

    init(graph: ModelGraph) throws {
        try graph.validate()
        let ranks = try graph.topologicalRanks()
        let nodes = graph.nodes
        let circleLabel = nodes.filter { $0.kind != .fixed }.map { Double($0.label.count) }.max() ?? 0
        let fixedLabel = nodes.filter { $0.kind == .fixed }.map { Double($0.label.count) }.max() ?? 0
        let radius = max(20, circleLabel * Self.charWidth / 2 + 8)
        let colW = max(2 * radius, fixedLabel * Self.charWidth) + 28
        let rowH = 2 * radius + 60
        let rankCount = (ranks.max() ?? 0) + 1

        var own: [String?: [[Int]]] = [:]  // plate id -> per rank -> node indices
        for key in [nil] + graph.plates.map({ Optional($0.id) }) {
            own[key] = [[Int]](repeating: [], count: rankCount)
        }
        for (i, n) in nodes.enumerated() { own[n.plate]![ranks[i]].append(i) }
        func children(_ p: String?) -> [Int] { graph.plates.indices.filter { graph.plates[$0].parent == p } }

        var bandWidth: [String: Double] = [:]
        func measure(_ p: String) -> Double {
            let ownW = Double(own[p]!.map(\.count).max() ?? 0) * colW
            let kids = children(p).map { measure(graph.plates[$0].id) }.reduce(0, +)
            let w = max(ownW + kids, colW) + 2 * Self.platePadding
            bandWidth[p] = w
            return w
        }
        let topPlates = children(nil)
        let platesW = topPlates.map { measure(graph.plates[$0].id) }.reduce(0, +)
        let rootRows = own[nil]!
        let split: [(left: [Int], right: [Int])] = rootRows.map { row in
            if topPlates.isEmpty { return (row, []) }
            let k = (row.count + 1) / 2
            return (Array(row.prefix(k)), Array(row.dropFirst(k)))
        }
        let leftW = Double(split.map(\.left.count).max() ?? 0) * colW
        let rightW = Double(split.map(\.right.count).max() ?? 0) * colW
        let margin = 16.0

        var centers = [(x: Double, y: Double)](repeating: (0, 0), count: nodes.count)
        func y(_ r: Int) -> Double { Double(r) * rowH + rowH / 2 }
        func placeRow(_ row: [Int], regionStart: Double, regionWidth: Double) {
            let start = regionStart + (regionWidth - Double(row.count) * colW) / 2
            for (k, i) in row.enumerated() { centers[i] = (start + (Double(k) + 0.5) * colW, y(ranks[i])) }
        }
        var plateX: [String: Double] = [:]
        func place(_ p: String, at x: Double) {
            plateX[p] = x
            let inner = x + Self.platePadding
            let ownW = Double(own[p]!.map(\.count).max() ?? 0) * colW
            let kidsW = children(p).map { bandWidth[graph.plates[$0].id]! }.reduce(0, +)
            let regionW = kidsW == 0 ? bandWidth[p]! - 2 * Self.platePadding : ownW
            for row in own[p]! { placeRow(row, regionStart: inner, regionWidth: regionW) }
            var cx = inner + ownW
            for c in children(p) { place(graph.plates[c].id, at: cx); cx += bandWidth[graph.plates[c].id]! }
        }
        let contentW = max(leftW + platesW + rightW, colW)
        for s in split {
            placeRow(s.left, regionStart: margin, regionWidth: topPlates.isEmpty ? contentW : leftW)
            placeRow(s.right, regionStart: margin + leftW + platesW, regionWidth: rightW)
        }
        var cx = margin + leftW
        for c in topPlates { place(graph.plates[c].id, at: cx); cx += bandWidth[graph.plates[c].id]! }

        let radii = nodes.map { $0.kind == .fixed ? Self.fixedRadius : radius }
        // Vertical extent of each node including its label (fixed labels sit above the dot).
        func top(_ i: Int) -> Double { nodes[i].kind == .fixed ? centers[i].y - Self.fixedRadius - 20 : centers[i].y - radii[i] }
        func bottom(_ i: Int) -> Double { centers[i].y + radii[i] }

        var boxes = [Box](repeating: Box(x: 0, y: 0, width: 0, height: 0), count: graph.plates.count)
        func box(_ pi: Int) -> Box {
            let p = graph.plates[pi]
            var lo = Double.infinity, hi = -Double.infinity
            for i in own[p.id]!.joined() { lo = min(lo, top(i) - Self.platePadding); hi = max(hi, bottom(i) + Self.platePadding) }
            for c in children(p.id) {
                let b = box(c)
                lo = min(lo, b.y - Self.platePadding); hi = max(hi, b.y + b.height + 2)
            }
            if !lo.isFinite { lo = 0; hi = rowH / 2 }
            hi += Self.labelHeight
            let x = plateX[p.id]! + Self.plateInset
            boxes[pi] = Box(x: x, y: lo, width: bandWidth[p.id]! - 2 * Self.plateInset, height: hi - lo)
            return boxes[pi]
        }
        for c in topPlates { _ = box(c) }

        // Shift everything so the drawing starts at the top margin.
        var minY = nodes.indices.map(top).min() ?? 0
        var maxY = nodes.indices.map(bottom).max() ?? rowH
        for b in boxes { minY = min(minY, b.y); maxY = max(maxY, b.y + b.height) }
        let shift = margin - minY
        for i in centers.indices { centers[i].y += shift }
        for i in boxes.indices { boxes[i].y += shift }
        self.centers = centers
        self.radii = radii
        self.plateBoxes = boxes
        self.width = contentW + 2 * margin
        self.height = maxY - minY + 2 * margin
    }
}
