// Graphviz DOT rendering of a ModelGraph: circles, shaded observed nodes, point-shaped fixed nodes, plates as clusters.

extension ModelGraph {
    /// The graph in Graphviz DOT syntax (render with `dot -Tsvg`).
    ///
    /// Parameters are circles, observed nodes filled grey circles, fixed values `shape=point`
    /// with an external label, and each plate a rounded `cluster` subgraph (nested as declared)
    /// labelled in its lower-right corner.
    /// - Throws: ``ModelGraphError`` if the graph is invalid.
    public func dot(name: String = "model") throws -> String {
        try validate()
        var out = "digraph \(Self.quote(name)) {\n"
        out += "  rankdir=TB;\n  graph [fontname=\"Helvetica\", fontsize=11, forcelabels=true];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=12];\n  edge [arrowsize=0.7];\n"
        out += emitMembers(of: nil, indent: "  ")
        for e in edges { out += "  \(Self.quote(e.from)) -> \(Self.quote(e.to));\n" }
        out += "}\n"
        return out
    }

    private func emitMembers(of plate: String?, indent: String) -> String {
        var out = ""
        for n in nodes where n.plate == plate {
            out += indent + Self.quote(n.id) + " [" + Self.attributes(for: n) + "];\n"
        }
        for p in plates where p.parent == plate {
            out += "\(indent)subgraph \(Self.quote("cluster_" + p.id)) {\n"
            out += "\(indent)  label=\(Self.quote(p.label)); labeljust=r; labelloc=b; style=rounded;\n"
            out += emitMembers(of: p.id, indent: indent + "  ")
            out += "\(indent)}\n"
        }
        return out
    }

    private static func attributes(for n: Node) -> String {
        switch n.kind {
        case .parameter: return "label=\(quote(n.label)), shape=circle"
        case .observed: return "label=\(quote(n.label)), shape=circle, style=filled, fillcolor=\"#c8c8c8\""
        case .fixed: return "label=\"\", xlabel=\(quote(n.label)), shape=point, width=0.08"
        }
    }

    /// A DOT double-quoted string with `"` and `\` escaped.
    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
