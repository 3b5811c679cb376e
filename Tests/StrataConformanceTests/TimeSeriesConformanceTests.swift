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

    /// The generated quantities (Viterbi path) compare parameter-dependent values with `>`, which
    /// the lowering does not support, so only the model is compiled.
    func testHmmExample() throws {
        let run = try Conformance.run("hmm_example-hmm_example", Conformance.configuration(seed: 302),
                                      generatedQuantities: false)
        try Conformance.assertMatchesReference(run)
        XCTAssertEqual(run.divergences, 0)
    }
}
