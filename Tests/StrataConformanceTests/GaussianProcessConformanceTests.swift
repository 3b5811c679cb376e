// Gaussian-process posteriors from posteriordb (gp_regr marginal likelihood, gp_pois_regr latent f) match the reference draws.
import Strata
import StrataTestSupport
import XCTest

final class GaussianProcessConformanceTests: XCTestCase {
    func testGpRegr() throws {
        let run = try Conformance.run("gp_pois_regr-gp_regr", Conformance.configuration(seed: 401))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
    }

    /// 13 variables are compared at once, so the sd uses the README's loose end (15%).
    func testGpPoisRegr() throws {
        let run = try Conformance.run("gp_pois_regr-gp_pois_regr", Conformance.configuration(adaptDelta: 0.9, seed: 402))
        try Conformance.assertMatchesReference(run, sdTolerance: 0.15)
        XCTAssertLessThan(run.divergences, 10)
    }
}
