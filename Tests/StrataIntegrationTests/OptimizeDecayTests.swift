// The seed's optimise step on the widget model: L-BFGS improves the density and stays in bounds.
import XCTest
import Strata
import StrataTestSupport

final class OptimizeDecayTests: XCTestCase {
    /// Without a prior on N_initial the widget likelihood is nearly degenerate in alpha (each N0
    /// can absorb any decay up to N_initial_max), so the optimiser wanders along a ridge: the seed
    /// lecture's warning that optimising hierarchical models is hard. What must hold is that each
    /// run improves the objective, keeps every value inside its bounds and reports why it stopped.
    func testLBFGSImprovesWidgetDensityWithinBounds() throws {
        let data = try DecayData.load(path: SharedFiles.url("data/decay_days.json").path)
        let model = try DecayModel.build(data)
        let n0 = data.nMeasured.map { min(max($0, 0.05), data.nInitialMax - 0.05) }
        let start = try model.unconstrain(["alpha": [0.001], "N_initial": n0])
        for jacobian in [false, true] {
            let startLP = try model.withJacobian(jacobian).makeEvaluator().logDensity(at: start)
            var config = LBFGSConfiguration()
            config.maxIterations = 300
            var last = -Double.infinity
            let outcome = try OptimizeService.run(model: model, jacobian: jacobian, initial: start,
                                                  configuration: config) { p in
                XCTAssertGreaterThanOrEqual(p.logDensity, last)
                last = p.logDensity
            }
            XCTAssertGreaterThan(outcome.result.logDensity, startLP + 1)
            XCTAssertGreaterThan(outcome.values[0], 0)
            XCTAssert(outcome.values[1...].allSatisfy { $0 >= 0 && $0 <= data.nInitialMax })
            XCTAssertFalse(outcome.result.termination.message.isEmpty)
        }
    }
}
