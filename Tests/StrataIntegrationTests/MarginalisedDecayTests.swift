// The widget model with N_initial integrated out agrees with the full joint posterior sampled with a dense metric.
import XCTest
import Strata
import StrataStanModel
import StrataTestSupport

final class MarginalisedDecayTests: XCTestCase {
    static func run(_ model: GraphModel, metric: MetricKind, init x: [Double]?, seed: UInt64) throws -> [ChainResult] {
        var config = SamplerConfiguration()
        config.chains = 4
        config.warmup = 1000
        config.samples = 1000
        config.seed = seed
        config.metric = metric
        if let x { config.inits = [x] }
        return try MultiChainRunner(configuration: config).run(model: model)
    }

    func testMarginalisedRunAgreesWithFullJointRun() throws {
        let dataURL = SharedFiles.url("data/decay_days.json")
        let data = try DataSet(contentsOf: dataURL)
        let joint = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: data)
        let marginal = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: data, marginalise: true)
        XCTAssertEqual(marginal.model.dimension, 1, "only alpha is sampled")
        XCTAssertEqual(marginal.model.outputNames, joint.model.outputNames, "same CSV columns in the same order")
        XCTAssertEqual(marginal.marginalisation.integratedOut.map(\.parameter), ["N_initial"])

        let initPath = SharedFiles.url("data/decay_days_init.json").path
        let jointInit = try ModelCatalog.initialPoint(path: initPath, model: joint.model)
        let marginalInit = try ModelCatalog.initialPoint(path: initPath, model: marginal.model)
        let reference = try Self.run(joint.model, metric: .dense, init: jointInit, seed: 11)
        let tested = try Self.run(marginal.model, metric: .diagonal, init: marginalInit, seed: 12)
        XCTAssertEqual(tested.reduce(0) { $0 + $1.divergenceCount }, 0, "no divergences")

        var worstZ = 0.0, worstSd = 0.0
        for (j, name) in joint.model.outputNames.enumerated() {
            let r = try PosteriorSummary(name: name, draws: reference.map { $0.values(ofOutput: j) })
            let t = try PosteriorSummary(name: name, draws: tested.map { $0.values(ofOutput: j) })
            XCTAssertLessThan(t.rHat, 1.01, "\(name): R-hat")
            XCTAssertGreaterThan(t.essBulk, 400, "\(name): bulk ESS")
            let z = abs(t.mean - r.mean) / (t.mcseMean * t.mcseMean + r.mcseMean * r.mcseMean).squareRoot()
            worstZ = max(worstZ, z); worstSd = max(worstSd, abs(t.sd - r.sd) / r.sd)
            XCTAssertLessThan(z, 4.5, "\(name): mean \(t.mean) vs joint \(r.mean)")
            XCTAssertLessThan(abs(t.sd - r.sd), 0.12 * r.sd, "\(name): sd \(t.sd) vs joint \(r.sd)")
            XCTAssertLessThan(abs(t.q5 - r.q5), 0.25 * r.sd, "\(name): 5% quantile")
            XCTAssertLessThan(abs(t.q95 - r.q95), 0.25 * r.sd, "\(name): 95% quantile")
        }
        print("marginalised vs joint: worst mean error \(worstZ) combined MCSE, worst sd error \(worstSd)")
    }
}
