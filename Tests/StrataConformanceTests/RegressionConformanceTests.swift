// Linear regressions from posteriordb (earnings, kidiq, kilpisjarvi, kidiq_with_mom_work, sblrc) match the reference draws.
import Strata
import StrataTestSupport
import XCTest

/// Unscaled predictors (height ≈ 66, mom_iq ≈ 100, year ≈ 2000) make intercept and slope almost
/// perfectly correlated, so those runs use the dense metric; the others use Stan's default diagonal one.
final class RegressionConformanceTests: XCTestCase {
    func testEarningsEarnHeight() throws {
        let run = try Conformance.run("earnings-earn_height", Conformance.configuration(metric: .dense, seed: 101))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
        XCTAssertEqual(run.treeDepthHits, 0, "the dense metric should remove the intercept/slope correlation")
    }

    func testKidiqKidscoreMomiq() throws {
        let run = try Conformance.run("kidiq-kidscore_momiq", Conformance.configuration(metric: .dense, seed: 102))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
        XCTAssertEqual(run.treeDepthHits, 0)
    }

    func testKilpisjarvi() throws {
        let run = try Conformance.run("kilpisjarvi_mod-kilpisjarvi", Conformance.configuration(metric: .dense, seed: 103))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
        XCTAssertEqual(run.treeDepthHits, 0)
    }

    func testKidiqWithMomWork() throws {
        let run = try Conformance.run("kidiq_with_mom_work-kidscore_mom_work", Conformance.configuration(seed: 104))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
    }

    func testSblrcBayesianLinearRegression() throws {
        let run = try Conformance.run("sblrc-blr", Conformance.configuration(seed: 105))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
    }
}
