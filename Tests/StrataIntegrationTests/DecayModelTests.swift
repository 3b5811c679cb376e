// The widget model built with the Swift API agrees with the hand-written density and gradient.
import XCTest
import Strata
import StrataTestSupport

final class DecayModelTests: XCTestCase {
    func testGraphMatchesHandWrittenDensityAndGradient() throws {
        for file in ["data/decay_days.json", "data/decay_days_1000.json"] {
            let data = try DecayData.load(path: SharedFiles.url(file).path)
            let model = try DecayModel.build(data)
            XCTAssertEqual(model.dimension, data.count + 1)
            let ev = model.makeEvaluator()
            let reference = DecayHandWrittenDensity(data)
            var rng = ChainRNG(seed: 3, chain: 0)
            for _ in 0..<3 {
                let x = (0..<model.dimension).map { _ in rng.uniform(-2, 2) }
                var g1 = [Double](repeating: 0, count: x.count), g2 = g1
                let lp1 = try ev.logDensityAndGradient(at: x, gradient: &g1)
                let lp2 = reference.logDensity(x, gradient: &g2)
                XCTAssertEqual(lp1, lp2, accuracy: 1e-9 * abs(lp2), file)
                for i in 0..<x.count { XCTAssertEqual(g1[i], g2[i], accuracy: 1e-9 * max(1, abs(g2[i])), "\(file) x[\(i)]") }
            }
        }
    }

    func testOutputNamesAndConstrainedValues() throws {
        let data = try DecayData.load(path: SharedFiles.url("data/decay_days.json").path)
        let model = try DecayModel.build(data)
        XCTAssertEqual(Array(model.outputNames.prefix(3)), ["alpha", "N_initial.1", "N_initial.2"])
        XCTAssertEqual(model.outputNames.count, 101)
        var init_ = [String: [Double]]()
        init_["alpha"] = [0.05]
        init_["N_initial"] = [Double](repeating: 5, count: 100)
        let x = try model.unconstrain(init_)
        var out = [Double]()
        try model.makeEvaluator().writeOutputs(at: x, into: &out)
        XCTAssertEqual(out[0], 0.05, accuracy: 1e-14)
        XCTAssertEqual(out[1], 5, accuracy: 1e-12)
    }

    func testBadDataNamesTheVariable() throws {
        XCTAssertThrowsError(try DecayData(tInitial: [0, 1], tMeasured: [1], nMeasured: [1, 2], sigmaNMeasured: [1, 1], nInitialMax: 10)) {
            XCTAssert("\($0)".contains("'t_measured'"), "\($0)")
        }
        XCTAssertThrowsError(try DecayData(tInitial: [0], tMeasured: [1], nMeasured: [.nan], sigmaNMeasured: [1], nInitialMax: 10)) {
            XCTAssert("\($0)".contains("'N_measured[1]'"), "\($0)")
        }
    }
}
