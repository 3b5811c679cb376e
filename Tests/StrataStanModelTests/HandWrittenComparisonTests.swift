// Stan programs against the hand-built Swift models of the same posteriors (lp up to a constant, gradients equal).
import Strata
import StrataStanModel
import StrataTestSupport
import XCTest

final class HandWrittenComparisonTests: XCTestCase {
    /// lp(x1) - lp(x2) and both gradients must agree (the constant offset may differ).
    func assertSameDensity(_ a: GraphModel, _ b: GraphModel, seeds: ClosedRange<UInt64>, _ label: String) throws {
        XCTAssertEqual(a.dimension, b.dimension, label)
        let x0 = StanTestSupport.randomPoint(a.dimension, seed: 100)
        let (a0, _) = try StanTestSupport.valueAndGradient(a, at: x0)
        let (b0, _) = try StanTestSupport.valueAndGradient(b, at: x0)
        for seed in seeds {
            let x = StanTestSupport.randomPoint(a.dimension, seed: seed)
            let (la, ga) = try StanTestSupport.valueAndGradient(a, at: x)
            let (lb, gb) = try StanTestSupport.valueAndGradient(b, at: x)
            XCTAssertEqual(la - a0, lb - b0, accuracy: 1e-9 * Swift.max(1, Swift.abs(la - a0)), label)
            for i in 0..<ga.count {
                XCTAssertEqual(ga[i], gb[i], accuracy: 1e-9 * Swift.max(1, Swift.abs(gb[i])), "\(label) d/dx[\(i)]")
            }
        }
    }

    func testDecayMatchesSwiftModel() throws {
        let data = try DecayData.load(path: SharedFiles.url("data/decay_days.json").path)
        let swift = try DecayModel.build(data)
        for file in ["decay.stan", "decay_seed.stan"] {
            let stan = try StanTestSupport.compile("models/" + file, data: "data/decay_days.json").model
            XCTAssertEqual(stan.outputNames, swift.outputNames)
            try assertSameDensity(stan, swift, seeds: 1...3, file)
            try assertSameDensity(stan.withJacobian(false), swift.withJacobian(false), seeds: 4...5, file + " (no Jacobian)")
        }
    }

    func testEightSchoolsMatchSwiftModels() throws {
        let json = try StanTestSupport.data("data/eight_schools.json")
        let y = try json.realArray("y"), sigma = try json.realArray("sigma")
        let nc = try StanTestSupport.compile("models/eight_schools_noncentered.stan", data: "data/eight_schools.json").model
        let swiftNC = try EightSchoolsModel.nonCentered(y: y, sigma: sigma)
        XCTAssertEqual(nc.outputNames, swiftNC.outputNames)
        try assertSameDensity(nc, swiftNC, seeds: 1...4, "noncentered")
        let c = try StanTestSupport.compile("models/eight_schools_centered.stan", data: "data/eight_schools.json").model
        try assertSameDensity(c, try EightSchoolsModel.centered(y: y, sigma: sigma), seeds: 1...4, "centered")
    }
}
