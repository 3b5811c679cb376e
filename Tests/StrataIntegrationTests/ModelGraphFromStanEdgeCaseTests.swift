// Graphs from Stan programs: locals, density increments, recursion, cycles, errors and all of posteriordb.
import Foundation
import XCTest
import Strata
import StrataStanFrontEnd
import StrataTestSupport

final class ModelGraphFromStanEdgeCaseTests: XCTestCase {
    private func graph(_ source: String) throws -> ModelGraph {
        try ModelGraphBuilder.graph(source: source, fileName: "test.stan")
    }

    private func posterior(_ name: String) throws -> ModelGraph {
        let url = SharedFiles.url("posteriordb/\(name)/model.stan")
        return try ModelGraphBuilder.graph(source: String(contentsOf: url, encoding: .utf8), fileName: "model.stan")
    }

    private func edges(_ g: ModelGraph) -> Set<String> { Set(g.edges.map { "\($0.from)->\($0.to)" }) }

    private func kind(_ g: ModelGraph, _ id: String) -> ModelGraph.NodeKind? { g.nodes.first { $0.id == id }?.kind }

    func testEveryPosteriordbModelDraws() throws {
        let folder = SharedFiles.url("posteriordb")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/model.stan").path)
        }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 15)
        for name in names {
            let g = try posterior(name)
            XCTAssertTrue(g.nodes.contains { $0.kind == .observed }, "\(name): no observed node")
            XCTAssertFalse(g.edges.isEmpty, "\(name): no edges")
            XCTAssertNoThrow(try g.svg(), name)
            XCTAssertNoThrow(try g.dot(), name)
        }
    }

    func testModelBlockLocalsResolveToWhatTheyAreAssignedFrom() throws {
        let g = try posterior("radon_mn-radon_hierarchical_intercept_noncentered")
        XCTAssertNil(kind(g, "mu"), "model-block local drawn")
        XCTAssertNil(kind(g, "muj"), "model-block local drawn")
        XCTAssertEqual(kind(g, "log_radon"), .observed)
        XCTAssertEqual(kind(g, "county_idx"), .fixed)
        XCTAssertEqual(edges(g), [
            "mu_alpha->alpha", "sigma_alpha->alpha", "alpha_raw->alpha", "county_idx->log_radon",
            "log_uppm->log_radon", "floor_measure->log_radon", "alpha->log_radon", "beta->log_radon",
            "sigma_y->log_radon",
        ])
    }

    func testAutoregressionDropsTheSelfLoop() throws {
        let g = try posterior("arK-arK")
        XCTAssertEqual(edges(g), ["alpha->y", "beta->y", "sigma->y"])
        XCTAssertEqual(kind(g, "y"), .observed)
    }

    func testDensitiesInsideLocalsMakeObservations() throws {
        // hmm_example: target += log_sum_exp(gamma[N]) where gamma holds normal_lpdf(y[t] | mu[k], 1) terms.
        let g = try posterior("hmm_example-hmm_example")
        XCTAssertEqual(kind(g, "y"), .observed)
        XCTAssertEqual(edges(g), ["theta1->theta", "theta2->theta", "mu->y", "theta->y"])
    }

    func testTransformedDataIsFixedAndUnusedDataIsLeftOut() throws {
        let g = try posterior("kidiq_with_mom_work-kidscore_mom_work")
        XCTAssertEqual(kind(g, "work2"), .fixed)
        XCTAssertNil(kind(g, "mom_work"))
        let k = try posterior("kilpisjarvi_mod-kilpisjarvi")
        XCTAssertNil(kind(k, "xpred"), "data used only outside the model drawn")
        XCTAssertTrue(edges(k).isSuperset(of: ["pmualpha->alpha", "psalpha->alpha", "x->y", "alpha->y"]))
    }

    func testDependencyCycleIsBrokenSoTheGraphDraws() throws {
        let g = try graph("""
            parameters { real a; real b; }
            model { a ~ normal(b, 1); b ~ normal(a, 1); }
            """)
        XCTAssertEqual(edges(g), ["b->a"])
        XCTAssertNoThrow(try g.svg())
    }

    func testIntegerDataThatIsNotASizeIsDrawn() throws {
        let g = try graph("""
            data { int<lower=0> n; int<lower=0, upper=n> k; int<lower=1> M; vector[M] z; }
            parameters { real<lower=0, upper=1> p; }
            model { k ~ binomial(n, p); z ~ normal(p, 1); }
            """)
        XCTAssertEqual(kind(g, "n"), .fixed)
        XCTAssertEqual(kind(g, "k"), .observed)
        XCTAssertNil(kind(g, "M"))
        XCTAssertEqual(edges(g), ["n->k", "p->k", "p->z"])
    }

    func testIndexArrayWithoutBoundStillNestsByWhatItIndexes() throws {
        let g = try graph("""
            data { int N; int J; array[N] int g; vector[N] y; }
            parameters { vector[J] a; }
            model { for (n in 1:N) y[n] ~ normal(a[g[n]], 1); }
            """)
        let inner = try XCTUnwrap(g.plates.first { $0.label == "n = 1, …, N" })
        XCTAssertEqual(inner.parent, g.plates.first { $0.label == "j = 1, …, J" }?.id)
        XCTAssertEqual(edges(g), ["g->y", "a->y"])
    }

    func testCrossedGroupingsAreNotNested() throws {
        let g = try graph("""
            data { int N; int J; int K; array[N] int<upper=J> gj; array[N] int<upper=K> gk; vector[N] y; }
            parameters { vector[J] a; vector[K] b; }
            model { y ~ normal(a[gj] + b[gk], 1); }
            """)
        XCTAssertEqual(g.plates.count, 3)
        XCTAssertTrue(g.plates.allSatisfy { $0.parent == nil })
        XCTAssertNoThrow(try g.svg())
    }

    func testFrontEndErrorsAreRenderedWithLocation() throws {
        let source = "parameters { real alpha; }\nmodel { alpah ~ normal(0, 1); }\n"
        XCTAssertThrowsError(try ModelGraphBuilder.graph(source: source, fileName: "bad.stan")) { error in
            guard let e = error as? StanProgramError else { return XCTFail("unexpected \(error)") }
            XCTAssertTrue(e.rendered.hasPrefix("bad.stan:2:9: error:"), e.rendered)
            XCTAssertTrue(e.rendered.contains("^"), e.rendered)
            XCTAssertFalse(e.diagnostics.isEmpty)
        }
    }

    func testGraphForACheckedProgramMatchesTheSourceEntryPoint() throws {
        let source = try String(contentsOf: SharedFiles.url("models/eight_schools_noncentered.stan"), encoding: .utf8)
        let program = try XCTUnwrap(StanFrontEnd.check(source: source).program)
        XCTAssertEqual(try ModelGraphBuilder.graph(for: program), try graph(source))
    }

    func testGreekLabels() {
        XCTAssertEqual(ModelGraphLabel.display("sigma_N_measured"), "σ_N_measured")
        XCTAssertEqual(ModelGraphLabel.display("theta1"), "θ1")
        XCTAssertEqual(ModelGraphLabel.display("alphabet"), "alphabet")
        XCTAssertEqual(ModelGraphLabel.display("mu_alpha"), "μ_α")
    }
}
