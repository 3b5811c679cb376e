// Graphical models derived from Stan programs: node kinds, plates and arrows for the course's models.
import Foundation
import XCTest
import Strata
import StrataTestSupport

final class ModelGraphFromStanTests: XCTestCase {
    // MARK: helpers

    private func graph(_ relative: String) throws -> ModelGraph {
        let url = SharedFiles.url(relative)
        let source = try String(contentsOf: url, encoding: .utf8)
        return try ModelGraphBuilder.graph(source: source, fileName: url.lastPathComponent)
    }

    private func graph(source: String) throws -> ModelGraph {
        try ModelGraphBuilder.graph(source: source, fileName: "test.stan")
    }

    private func edges(_ g: ModelGraph) -> Set<String> { Set(g.edges.map { "\($0.from)->\($0.to)" }) }

    private func kinds(_ g: ModelGraph) -> [String: ModelGraph.NodeKind] {
        Dictionary(uniqueKeysWithValues: g.nodes.map { ($0.id, $0.kind) })
    }

    /// Plate label of each node ("-" outside any plate).
    private func plateLabels(_ g: ModelGraph) -> [String: String] {
        Dictionary(uniqueKeysWithValues: g.nodes.map { n in
            (n.id, n.plate.flatMap { p in g.plates.first { $0.id == p }?.label } ?? "-")
        })
    }

    // MARK: widgets

    func testDecayGraph() throws {
        let g = try graph("models/decay.stan")
        XCTAssertEqual(kinds(g), [
            "alpha": .parameter, "N_initial": .parameter, "N_measured": .observed, "t_initial": .fixed,
            "t_measured": .fixed, "sigma_N_measured": .fixed, "N_initial_max": .fixed,
        ])
        let plate = "i = 1, …, N_widgets"
        XCTAssertEqual(plateLabels(g), [
            "alpha": "-", "N_initial_max": "-", "N_initial": plate, "N_measured": plate, "t_initial": plate,
            "t_measured": plate, "sigma_N_measured": plate,
        ])
        XCTAssertEqual(g.plates.count, 1)
        XCTAssertEqual(edges(g), [
            "alpha->N_measured", "N_initial->N_measured", "t_initial->N_measured", "t_measured->N_measured",
            "sigma_N_measured->N_measured", "N_initial_max->N_initial",
        ])
        XCTAssertEqual(g.nodes.first { $0.id == "alpha" }?.label, "α")
        let svg = try g.svg()
        XCTAssertTrue(svg.contains("N_widgets"))
    }

    func testLoopFormGivesTheSameGraph() throws {
        let vectorised = try graph("models/decay.stan")
        let loop = try graph("models/decay_seed.stan")
        XCTAssertEqual(kinds(loop), kinds(vectorised))
        XCTAssertEqual(plateLabels(loop), plateLabels(vectorised))
        XCTAssertEqual(edges(loop), edges(vectorised))
    }

    func testUnknownStartTimeIsAParameterBoundedByData() throws {
        let g = try graph("models/decay_t0_unknown.stan")
        let k = kinds(g)
        XCTAssertEqual(k["t_initial"], .parameter)
        XCTAssertEqual(k["t_initial_lower"], .fixed)
        XCTAssertEqual(k["t_initial_upper"], .fixed)
        XCTAssertEqual(plateLabels(g)["t_initial"], "i = 1, …, N_widgets")
        XCTAssertEqual(edges(g), [
            "alpha->N_measured", "N_initial->N_measured", "t_initial->N_measured", "t_measured->N_measured",
            "sigma_N_measured->N_measured", "N_initial_max->N_initial", "t_initial_lower->t_initial",
            "t_initial_upper->t_initial",
        ])
    }

    // MARK: schools and pooling

    func testEightSchoolsNonCenteredGoesThroughTheTransformedParameter() throws {
        let g = try graph("models/eight_schools_noncentered.stan")
        XCTAssertEqual(kinds(g), ["mu": .parameter, "tau": .parameter, "theta_tilde": .parameter,
                                  "theta": .parameter, "y": .observed, "sigma": .fixed])
        XCTAssertEqual(edges(g), ["mu->theta", "tau->theta", "theta_tilde->theta", "theta->y", "sigma->y"])
        let j = "j = 1, …, J"
        XCTAssertEqual(plateLabels(g), ["mu": "-", "tau": "-", "theta_tilde": j, "theta": j, "y": j, "sigma": j])
    }

    func testEightSchoolsCentered() throws {
        let g = try graph("models/eight_schools_centered.stan")
        XCTAssertEqual(edges(g), ["mu->theta", "tau->theta", "theta->y", "sigma->y"])
        XCTAssertEqual(kinds(g)["theta"], .parameter)
    }

    func testPartialPoolingNestsObservationsInGroups() throws {
        let g = try graph("models/partial_pooling.stan")
        XCTAssertEqual(kinds(g), ["mu": .parameter, "tau": .parameter, "group_mu": .parameter,
                                  "sigma": .parameter, "y": .observed, "group": .fixed])
        XCTAssertEqual(edges(g), ["mu->group_mu", "tau->group_mu", "group_mu->y", "group->y", "sigma->y"])
        let labels = plateLabels(g)
        XCTAssertEqual(labels["group_mu"], "j = 1, …, J")
        XCTAssertEqual(labels["y"], "n = 1, …, N")
        XCTAssertEqual(labels["group"], "n = 1, …, N")
        XCTAssertEqual(labels["mu"], "-")
        let inner = try XCTUnwrap(g.plates.first { $0.label == "n = 1, …, N" })
        let outer = try XCTUnwrap(g.plates.first { $0.label == "j = 1, …, J" })
        XCTAssertEqual(inner.parent, outer.id)
        XCTAssertNil(outer.parent)
    }

    func testNoAndCompletePooling() throws {
        let none = try graph("models/no_pooling.stan")
        XCTAssertEqual(edges(none), ["mu->y", "sigma->y"])
        XCTAssertEqual(plateLabels(none), ["mu": "n = 1, …, N", "sigma": "n = 1, …, N", "y": "n = 1, …, N"])
        let complete = try graph("models/complete_pooling.stan")
        XCTAssertEqual(edges(complete), ["mu->y", "sigma->y"])
        XCTAssertEqual(plateLabels(complete), ["mu": "-", "sigma": "-", "y": "n = 1, …, N"])
        XCTAssertEqual(kinds(complete), ["mu": .parameter, "sigma": .parameter, "y": .observed])
    }
}
