// Time-series posteriors from posteriordb (arK autoregression, two-state HMM forward algorithm) match the reference draws.
import Strata
import StrataTestSupport
import XCTest

final class TimeSeriesConformanceTests: XCTestCase {
    func testArK() throws {
        let run = try Conformance.run("arK-arK", Conformance.configuration(seed: 301))
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
    }

    /// The model only: the generated quantities' Viterbi path (branches on parameter values) runs on plain
    /// numbers per draw at ~6 ms per draw, too slow for this suite; `PosteriordbTests` checks its paths.
    func testHmmExample() throws {
        let run = try Conformance.run("hmm_example-hmm_example", Conformance.configuration(seed: 302),
                                      generatedQuantities: false)
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
    }
}
