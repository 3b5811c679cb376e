// Derives a probabilistic graphical model (nodes, arrows, plates) automatically from a checked Stan program.
import StrataOutput
import StrataStanFrontEnd

/// Builds the probabilistic graphical model of a Stan program.
///
/// The drawing follows the usual conventions (see ``ModelGraph``):
/// - every parameter and transformed parameter is an open circle;
/// - data (or transformed data) that is the outcome of a `~` statement or of a density call
///   `target += foo_lpdf(y | …)` is a shaded circle (observed); other data the model uses is a
///   fixed dot; generated quantities and unused data are left out;
/// - integer sizes (`N`, `J`) are not drawn: they label plates, and every variable whose leading
///   dimension is such a size sits in that size's plate (`vector[J] theta` in "j = 1, …, J");
/// - for each `~` statement or density increment there is an arrow from each variable its
///   arguments depend on to its outcome. Local variables are resolved to what they are assigned
///   from (through loops and repeated updates), and transformed parameters stay nodes with arrows
///   from what defines them, so non-centred eight schools reads `mu, tau, theta_tilde → theta → y`;
/// - a bound that refers to other variables (`upper=N_initial_max`) draws an arrow to the
///   bounded variable.
///
/// Arrows that would close a cycle (autoregressive models where data is both outcome and
/// predictor) or point from a node to itself are left out, so the result is always drawable.
///
/// ```swift
/// let graph = try ModelGraphBuilder.graph(source: text, fileName: "decay.stan")
/// try graph.svg().write(toFile: "decay.svg", atomically: true, encoding: .utf8)
/// ```
public enum ModelGraphBuilder {
    /// The graphical model of a checked (or at least parsed) program.
    /// - Throws: ``ModelGraphError`` if the derived graph is inconsistent (not expected for
    ///   programs the front end accepts).
    public static func graph(for program: Program) throws -> ModelGraph {
        let roles = StanSymbolRoles(program: program)
        let resolver = StanDependencyResolver(
            roles: roles, statements: program.statements(in: .transformedParameters) + program.statements(in: .model))
        var edges = EdgeSet()
        var observed: Set<String> = []
        func ordered(_ names: Set<String>) -> [String] { roles.order.filter(names.contains) }

        for decl in program.declarations(in: .transformedParameters) {
            var d = StanDependencies()
            for e in resolver.definitions[decl.name] ?? [] { d.formUnion(resolver.resolve(e)) }
            for source in ordered(d.inputs.union(d.outcomes)) { edges.add(from: source, to: decl.name) }
        }
        for name in roles.order where roles.role(of: name) != .data {
            guard let decl = roles.declarations[name] else { continue }
            var d = StanDependencies()
            switch decl.type.constraint {
            case .bounds(let lo, let hi): for e in [lo, hi].compactMap({ $0 }) { d.formUnion(resolver.resolve(e)) }
            case .affine(let o, let m): for e in [o, m].compactMap({ $0 }) { d.formUnion(resolver.resolve(e)) }
            case .none: break
            }
            for source in ordered(d.inputs.union(d.outcomes)) { edges.add(from: source, to: name) }
        }
        for stmt in program.statements(in: .model) {
            stmt.forEachStatement { s in
                var d: StanDependencies
                switch s.kind {
                case .tilde(let t):
                    d = resolver.resolve(t.lhs, asOutcome: true)
                    let rest = t.arguments + [t.truncation?.lower, t.truncation?.upper].compactMap { $0 }
                    for e in rest {
                        let r = resolver.resolve(e)
                        d.inputs.formUnion(r.inputs.union(r.outcomes))
                    }
                case .targetIncrement(let e):
                    d = resolver.resolve(e)
                default:
                    return
                }
                let dataOutcomes = d.outcomes.filter(roles.isData)
                if !dataOutcomes.isEmpty {
                    d.inputs.formUnion(d.outcomes.subtracting(dataOutcomes))
                    d.outcomes = dataOutcomes
                }
                observed.formUnion(dataOutcomes)
                for outcome in ordered(d.outcomes) {
                    for source in ordered(d.inputs) { edges.add(from: source, to: outcome) }
                }
            }
        }

        let used = edges.endpoints.union(observed)
        let drawn = roles.order.filter { roles.role(of: $0) != .data || used.contains($0) }
        let plates = StanPlates(program: program, roles: roles, drawn: drawn)
        var graph = ModelGraph()
        for size in plates.sizes {
            graph.addPlate(plateID(size), label: plates.labels[size] ?? size, parent: plates.parents[size].map(plateID))
        }
        for name in drawn {
            let kind: ModelGraph.NodeKind = !roles.isData(name) ? .parameter : observed.contains(name) ? .observed : .fixed
            graph.addNode(name, label: ModelGraphLabel.display(name), kind: kind, plate: plates.plateOf[name].map(plateID))
        }
        for (from, to) in edges.list { graph.addEdge(from: from, to: to) }
        try graph.validate()
        return graph
    }

    /// Parses and checks `source`, then builds its graph.
    /// - Parameters:
    ///   - source: Stan program text.
    ///   - fileName: name shown in error messages.
    /// - Throws: ``StanProgramError`` (with rendered `file:line:col` diagnostics) if the front end
    ///   rejects the program; ``ModelGraphError`` as for ``graph(for:)``.
    public static func graph(source: String, fileName: String) throws -> ModelGraph {
        let result = StanFrontEnd.check(source: source)
        guard result.succeeded, let program = result.program else {
            let rendered = DiagnosticRenderer(source: source, fileName: fileName).render(result.diagnostics)
            throw StanProgramError(fileName: fileName, diagnostics: result.diagnostics, rendered: rendered)
        }
        return try graph(for: program)
    }

    private static func plateID(_ size: String) -> String { "plate_\(size)" }
}

/// A Stan program the front end rejected.
public struct StanProgramError: Error, CustomStringConvertible {
    /// The file name used in the messages.
    public let fileName: String
    /// The front end's diagnostics, in source order.
    public let diagnostics: [StanDiagnostic]
    /// The diagnostics rendered as `file:line:col: error: …` with the source line and a caret.
    public let rendered: String

    /// The rendered diagnostics.
    public var description: String { rendered }
}

/// Arrows in insertion order, without duplicates, self-loops or cycles.
private struct EdgeSet {
    private(set) var list: [(String, String)] = []
    private var children: [String: [String]] = [:]
    private var seen: Set<String> = []

    var endpoints: Set<String> { Set(list.flatMap { [$0.0, $0.1] }) }

    /// Adds `from → to` unless it is a self-loop, a duplicate, or `to` already reaches `from`.
    mutating func add(from: String, to: String) {
        guard from != to, !seen.contains("\(from)\u{0}\(to)"), !reaches(from: to, target: from) else { return }
        seen.insert("\(from)\u{0}\(to)")
        list.append((from, to))
        children[from, default: []].append(to)
    }

    private func reaches(from start: String, target: String) -> Bool {
        var stack = [start]
        var visited: Set<String> = [start]
        while let v = stack.popLast() {
            if v == target { return true }
            for c in children[v] ?? [] where visited.insert(c).inserted { stack.append(c) }
        }
        return false
    }
}
