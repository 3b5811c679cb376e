// Tests of ModelGraph: validation errors, DOT text, and the SVG drawing of the decay and eight-schools models.
import Foundation
import StrataOutput
import XCTest

final class ModelGraphTests: XCTestCase {
    /// The radioactive-decay model of the course notes.
    static func decayGraph() -> ModelGraph {
        var g = ModelGraph()
        g.addPlate("i", label: "i = 1..N_widgets")
        g.addNode("N_initial_max", kind: .fixed)
        g.addNode("alpha", label: "α", kind: .parameter)
        g.addNode("t_initial", label: "t_initial[i]", kind: .fixed, plate: "i")
        g.addNode("t_measured", label: "t_measured[i]", kind: .fixed, plate: "i")
        g.addNode("N_initial", label: "N_initial[i]", kind: .parameter, plate: "i")
        g.addNode("sigma", label: "σ_N_measured[i]", kind: .fixed, plate: "i")
        g.addNode("N_measured", label: "N_measured[i]", kind: .observed, plate: "i")
        g.addEdge(from: "N_initial_max", to: "N_initial")
        for source in ["alpha", "t_initial", "t_measured", "N_initial", "sigma"] { g.addEdge(from: source, to: "N_measured") }
        return g
    }

    static func eightSchools() -> ModelGraph {
        var g = ModelGraph()
        g.addPlate("j", label: "j = 1..J")
        g.addNode("mu", label: "μ")
        g.addNode("tau", label: "τ")
        g.addNode("theta", label: "θ[j]", plate: "j")
        g.addNode("sigma", label: "σ[j]", kind: .fixed, plate: "j")
        g.addNode("y", label: "y[j]", kind: .observed, plate: "j")
        g.addEdge(from: "mu", to: "theta"); g.addEdge(from: "tau", to: "theta")
        g.addEdge(from: "theta", to: "y"); g.addEdge(from: "sigma", to: "y")
        return g
    }

    func testDecaySVG() throws {
        let g = Self.decayGraph()
        let svg = try g.svg()
        SVGInspector.save(svg, as: "graph_decay.svg")
        let doc = try XCTUnwrap(SVGInspector.parse(svg), "well-formed XML")
        XCTAssertEqual(doc.elements("rect", class: "plate").count, 1)
        let observed = doc.elements("circle", class: "node observed")
        XCTAssertEqual(observed.count, 1)
        XCTAssertNotEqual(observed[0].attributes["fill"], "white", "observed nodes are shaded")
        XCTAssertEqual(doc.elements("circle", class: "node parameter").count, 2)
        XCTAssertEqual(doc.elements("circle", class: "node parameter").map { $0.attributes["fill"] }, ["white", "white"])
        XCTAssertEqual(doc.elements("circle", class: "node fixed").count, 4)
        XCTAssertEqual(doc.elements("line", class: "edge").count, 6)
        XCTAssertTrue(doc.text.contains("i = 1..N_widgets"))
        try assertPlateGeometry(doc, graph: g)
    }

    func testEightSchoolsSVGAndNestedPlates() throws {
        let svg = try Self.eightSchools().svg()
        SVGInspector.save(svg, as: "graph_eight_schools.svg")
        let doc = try XCTUnwrap(SVGInspector.parse(svg))
        XCTAssertEqual(doc.elements("rect", class: "plate").count, 1)
        XCTAssertEqual(doc.elements("circle", class: "node observed").count, 1)
        try assertPlateGeometry(doc, graph: Self.eightSchools())

        // Radon: observations nested in counties.
        var g = ModelGraph()
        g.addPlate("j", label: "j = 1..J")
        g.addPlate("i", label: "i = 1..n_j", parent: "j")
        g.addNode("mu_a"); g.addNode("sigma_a"); g.addNode("beta"); g.addNode("sigma_y")
        g.addNode("a", label: "a[j]", plate: "j")
        g.addNode("x", label: "x[i]", kind: .fixed, plate: "i")
        g.addNode("y", label: "y[i]", kind: .observed, plate: "i")
        for (a, b) in [("mu_a", "a"), ("sigma_a", "a"), ("a", "y"), ("x", "y"), ("beta", "y"), ("sigma_y", "y")] {
            g.addEdge(from: a, to: b)
        }
        let nested = try g.svg()
        SVGInspector.save(nested, as: "graph_radon.svg")
        let doc2 = try XCTUnwrap(SVGInspector.parse(nested))
        XCTAssertEqual(doc2.elements("rect", class: "plate").count, 2)
        try assertPlateGeometry(doc2, graph: g)
        let dot = try g.dot()
        SVGInspector.save(dot, as: "graph_radon.dot")
        XCTAssertTrue(dot.contains("subgraph \"cluster_j\" {"))
        XCTAssertTrue(dot.contains("    subgraph \"cluster_i\" {"), "nested cluster is inside its parent")
    }

    /// Each plate's rectangle contains exactly the circles of its nodes (and of nested plates).
    private func assertPlateGeometry(_ doc: SVGInspector, graph: ModelGraph, file: StaticString = #filePath, line: UInt = #line) throws {
        let circles = doc.elements("circle", class: "node")
        for rect in doc.elements("rect", class: "plate") {
            let id = try XCTUnwrap(rect.attributes["data-id"])
            let x = Double(rect.attributes["x"]!)!, y = Double(rect.attributes["y"]!)!
            let w = Double(rect.attributes["width"]!)!, h = Double(rect.attributes["height"]!)!
            var members = Set<String>()
            var plates: Set<String> = [id]
            var changed = true
            while changed {
                changed = false
                for p in graph.plates where p.parent.map(plates.contains) == true && !plates.contains(p.id) {
                    plates.insert(p.id); changed = true
                }
            }
            for n in graph.nodes where n.plate.map(plates.contains) == true { members.insert(n.id) }
            for c in circles {
                let cx = Double(c.attributes["cx"]!)!, cy = Double(c.attributes["cy"]!)!, r = Double(c.attributes["r"]!)!
                let inside = cx - r >= x && cx + r <= x + w && cy - r >= y && cy + r <= y + h
                let outside = cx + r < x || cx - r > x + w || cy + r < y || cy - r > y + h
                let nodeID = c.attributes["data-id"]!
                if members.contains(nodeID) {
                    XCTAssertTrue(inside, "\(nodeID) should be inside plate \(id)", file: file, line: line)
                } else {
                    XCTAssertTrue(outside, "\(nodeID) should be outside plate \(id)", file: file, line: line)
                }
            }
        }
    }

    func testDOT() throws {
        let dot = try Self.decayGraph().dot(name: "decay")
        SVGInspector.save(dot, as: "graph_decay.dot")
        XCTAssertTrue(dot.hasPrefix("digraph \"decay\" {\n"))
        XCTAssertTrue(dot.contains("\"N_measured\" [label=\"N_measured[i]\", shape=circle, style=filled, fillcolor=\"#c8c8c8\"];"))
        XCTAssertTrue(dot.contains("\"alpha\" [label=\"α\", shape=circle];"))
        XCTAssertTrue(dot.contains("\"t_initial\" [label=\"\", xlabel=\"t_initial[i]\", shape=point, width=0.08];"))
        XCTAssertTrue(dot.contains("subgraph \"cluster_i\" {\n    label=\"i = 1..N_widgets\";"))
        XCTAssertTrue(dot.contains("\"alpha\" -> \"N_measured\";"))
        XCTAssertEqual(dot.components(separatedBy: "->").count - 1, 6)
        XCTAssertTrue(dot.hasSuffix("}\n"))
    }

    func testValidationErrors() {
        func message(_ build: (inout ModelGraph) -> Void) -> String {
            var g = ModelGraph()
            build(&g)
            do { _ = try g.svg(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { $0.addNode("a"); $0.addNode("a") }, "model graph: identifier 'a' is used twice")
        XCTAssertEqual(message { $0.addNode("a", plate: "p") }, "model graph: 'a' refers to unknown plate 'p'")
        XCTAssertEqual(message { $0.addNode("a"); $0.addEdge(from: "a", to: "b") },
                       "model graph: edge a -> b refers to unknown node 'b'")
        XCTAssertEqual(message { $0.addNode("a"); $0.addNode("b"); $0.addEdge(from: "a", to: "b"); $0.addEdge(from: "b", to: "a") },
                       "model graph: dependency cycle through a, b")
        XCTAssertEqual(message { $0.addPlate("p", label: "", parent: "q"); $0.addPlate("q", label: "", parent: "p") },
                       "model graph: plate 'p' is nested inside itself")
        XCTAssertEqual(message { _ in }, "no error", "an empty graph draws")
    }
}
