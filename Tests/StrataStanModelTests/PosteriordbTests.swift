// posteriordb programs: those Strata supports compile and their gradients match finite differences.
import StrataOutput
import StrataStanModel
import StrataTestSupport
import XCTest

final class PosteriordbTests: XCTestCase {
    /// Posteriors expected to compile (generated quantities included unless noted), with their unconstrained dimension.
    static let supported: [(name: String, dimension: Int, generatedQuantities: Bool)] = [
        ("arK-arK", 7, true),
        ("earnings-earn_height", 3, true),
        ("eight_schools-eight_schools_centered", 10, true),
        ("eight_schools-eight_schools_noncentered", 10, true),
        ("kidiq-kidscore_momiq", 3, true),
        ("kidiq_with_mom_work-kidscore_mom_work", 5, true),
        ("kilpisjarvi_mod-kilpisjarvi", 3, true),
        ("radon_mn-radon_hierarchical_intercept_noncentered", 90, true),
        ("radon_mn-radon_partially_pooled_centered", 88, true),
        ("radon_mn-radon_partially_pooled_noncentered", 88, true),
        ("radon_mn-radon_pooled", 3, true),
        ("radon_mn-radon_variable_intercept_slope_centered", 175, true),
        ("radon_mn-radon_variable_intercept_slope_noncentered", 175, true),
        ("sblrc-blr", 6, true),
        ("hmm_example-hmm_example", 4, false),
        ("gp_pois_regr-gp_pois_regr", 13, true),
        ("gp_pois_regr-gp_regr", 3, true),
    ]

    func compile(_ name: String, generatedQuantities: Bool) throws -> StanModel {
        try StanModel.compile(path: SharedFiles.url("posteriordb/\(name)/model.stan").path,
                              data: try DataSet(contentsOf: SharedFiles.url("posteriordb/\(name)/data.json")),
                              includeGeneratedQuantities: generatedQuantities)
    }

    func testSupportedPosteriorsCompileWithCorrectGradients() throws {
        for (k, p) in Self.supported.enumerated() {
            let stan: StanModel
            do { stan = try compile(p.name, generatedQuantities: p.generatedQuantities) } catch {
                XCTFail("\(p.name): \(error)"); continue
            }
            XCTAssertEqual(stan.model.dimension, p.dimension, p.name)
            try StanTestSupport.checkGradient(stan.model, seed: UInt64(200 + k), p.name)
            if !p.name.hasPrefix("hmm_example") && !p.name.hasPrefix("gp_pois_regr") {
                // Loops over observations are vectorised: the graph does not grow with the data.
                XCTAssertLessThan(stan.model.graph.operations.count, 30, p.name)
            }
        }
    }

    func testUnsupportedPosteriorsFailWithLocatedMessage() throws {
        XCTAssertThrowsError(try compile("hmm_example-hmm_example", generatedQuantities: true)) { error in
            XCTAssertTrue("\(error)".contains("error: unsupported feature: operator '>' on parameter-dependent values"), "\(error)")
        }
    }
}
