// Probabilistic graphical model description: parameter/observed/fixed nodes, dependency edges, nested plates.

/// A probabilistic graphical model (PGM) to draw: nodes, the dependencies between them and the
/// plates (boxes of repeated nodes).
///
/// The conventions are the usual ones (as in the `daft` package): a parameter, including a
/// latent one, is an open circle; observed data is a shaded circle; a fixed (known) value is a
/// small filled dot; an arrow points from a quantity to what depends on it; a plate labelled e.g.
/// "i = 1..N" holds nodes repeated once per index, and plates may nest.
///
/// ```swift
/// var g = ModelGraph()
/// g.addPlate("i", label: "i = 1..N_widgets")
/// g.addNode("alpha", kind: .parameter)
/// g.addNode("N_measured", label: "N_measured[i]", kind: .observed, plate: "i")
/// g.addEdge(from: "alpha", to: "N_measured")
/// let svg = try g.svg()
/// ```
public struct ModelGraph: Equatable, Sendable {
    /// What a node stands for, which decides how it is drawn.
    public enum NodeKind: String, Equatable, Sendable {
        /// An unknown quantity (open circle).
        case parameter
        /// Observed data (shaded circle).
        case observed
        /// A known, fixed value (small filled dot, label beside it).
        case fixed
    }

    /// A node of the graph.
    public struct Node: Equatable, Sendable {
        /// Unique identifier, used by edges.
        public var id: String
        /// Text drawn for the node.
        public var label: String
        /// How the node is drawn.
        public var kind: NodeKind
        /// Identifier of the innermost plate holding the node, or `nil`.
        public var plate: String?
    }

    /// A plate: a box around nodes repeated over an index.
    public struct Plate: Equatable, Sendable {
        /// Unique identifier, used by nodes and nested plates.
        public var id: String
        /// Text drawn in the box's corner, e.g. "i = 1..N".
        public var label: String
        /// Identifier of the enclosing plate, or `nil` for a top-level plate.
        public var parent: String?
    }

    /// An arrow from a node to a node that depends on it.
    public struct Edge: Equatable, Sendable {
        /// Identifier of the node depended on.
        public var from: String
        /// Identifier of the dependent node.
        public var to: String
    }

    /// Nodes in the order added (this order is kept within each row of the drawing).
    public private(set) var nodes: [Node] = []
    /// Plates in the order added.
    public private(set) var plates: [Plate] = []
    /// Edges in the order added.
    public private(set) var edges: [Edge] = []

    /// Creates an empty graph.
    public init() {}

    /// Adds a node. Identifiers are checked by ``validate()`` (called by the renderers).
    /// - Parameters:
    ///   - id: unique identifier.
    ///   - label: text to draw (default: `id`).
    ///   - kind: parameter, observed or fixed.
    ///   - plate: innermost plate holding the node.
    public mutating func addNode(_ id: String, label: String? = nil, kind: NodeKind = .parameter, plate: String? = nil) {
        nodes.append(Node(id: id, label: label ?? id, kind: kind, plate: plate))
    }

    /// Adds a plate, optionally nested inside another.
    public mutating func addPlate(_ id: String, label: String, parent: String? = nil) {
        plates.append(Plate(id: id, label: label, parent: parent))
    }

    /// Adds an arrow `from → to` (`to` depends on `from`).
    public mutating func addEdge(from: String, to: String) {
        edges.append(Edge(from: from, to: to))
    }

    /// Checks that identifiers are unique and known, plates nest without loops and the edges
    /// form no cycle.
    /// - Throws: ``ModelGraphError``.
    public func validate() throws {
        var nodeIDs = Set<String>()
        for n in nodes where !nodeIDs.insert(n.id).inserted { throw ModelGraphError.duplicateID(n.id) }
        var plateIDs = Set<String>()
        for p in plates where !plateIDs.insert(p.id).inserted { throw ModelGraphError.duplicateID(p.id) }
        for n in nodes {
            if let p = n.plate, !plateIDs.contains(p) { throw ModelGraphError.unknownPlate(p, usedBy: n.id) }
        }
        for p in plates {
            if let parent = p.parent, !plateIDs.contains(parent) { throw ModelGraphError.unknownPlate(parent, usedBy: p.id) }
            var seen: Set<String> = [p.id]
            var current = p.parent
            while let c = current {
                if !seen.insert(c).inserted { throw ModelGraphError.plateCycle(p.id) }
                current = plates.first { $0.id == c }?.parent
            }
        }
        for e in edges {
            if !nodeIDs.contains(e.from) { throw ModelGraphError.unknownNode(e.from, edge: "\(e.from) -> \(e.to)") }
            if !nodeIDs.contains(e.to) { throw ModelGraphError.unknownNode(e.to, edge: "\(e.from) -> \(e.to)") }
        }
        _ = try topologicalRanks()
    }

    /// Row of each node (by index in ``nodes``): longest path from a source, with source nodes
    /// moved down to just above their nearest dependent so their arrows stay short.
    func topologicalRanks() throws -> [Int] {
        let index = Dictionary(nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var children = [[Int]](repeating: [], count: nodes.count)
        var indegree = [Int](repeating: 0, count: nodes.count)
        for e in edges {
            guard let a = index[e.from], let b = index[e.to] else { continue }
            children[a].append(b)
            indegree[b] += 1
        }
        var rank = [Int](repeating: 0, count: nodes.count)
        var queue = (0..<nodes.count).filter { indegree[$0] == 0 }
        let sources = Set(queue)
        var remaining = indegree
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for c in children[v] {
                rank[c] = max(rank[c], rank[v] + 1)
                remaining[c] -= 1
                if remaining[c] == 0 { queue.append(c) }
            }
        }
        if queue.count < nodes.count {
            let stuck = (0..<nodes.count).filter { remaining[$0] > 0 }.map { nodes[$0].id }
            throw ModelGraphError.cycle(stuck)
        }
        for s in sources where !children[s].isEmpty {
            rank[s] = max(0, children[s].map { rank[$0] }.min()! - 1)
        }
        return rank
    }
}

/// Problems found by ``ModelGraph/validate()``.
public enum ModelGraphError: Error, Equatable, CustomStringConvertible {
    /// Two nodes or two plates share an identifier.
    case duplicateID(String)
    /// A node or plate refers to a plate that does not exist.
    case unknownPlate(String, usedBy: String)
    /// An edge refers to a node that does not exist.
    case unknownNode(String, edge: String)
    /// Plates contain each other in a loop.
    case plateCycle(String)
    /// The dependencies form a cycle through these nodes.
    case cycle([String])

    /// Human-readable message.
    public var description: String {
        switch self {
        case .duplicateID(let id): return "model graph: identifier '\(id)' is used twice"
        case let .unknownPlate(p, user): return "model graph: '\(user)' refers to unknown plate '\(p)'"
        case let .unknownNode(n, edge): return "model graph: edge \(edge) refers to unknown node '\(n)'"
        case .plateCycle(let p): return "model graph: plate '\(p)' is nested inside itself"
        case .cycle(let ids): return "model graph: dependency cycle through \(ids.joined(separator: ", "))"
        }
    }
}
