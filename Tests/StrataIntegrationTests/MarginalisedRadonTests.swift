// Radon's random intercepts integrated out agree with the full joint posterior; the loop form marginalises like the vector form.
import XCTest
import Strata
import StrataStanModel
import StrataTestSupport

final class MarginalisedRadonTests: XCTestCase {
    func testMarginalisedRandomInterceptsAgreeWithFullJointRun() throws {
        let data = try DataSet(contentsOf: SharedFiles.url("data/radon_85.json"))
        let path = SharedFiles.url("models/radon_noncentered.stan").path
        let joint = try StanModel.compile(path: path, data: data)
        let marginal = try StanModel.compile(path: path, data: data, marginalise: true)
        XCTAssertEqual(marginal.marginalisation.integratedOut.map(\.parameter), ["alpha_raw"])
        XCTAssertEqual(marginal.model.dimension, 4, "mu_a, sigma_a, beta and sigma_y are sampled")
        XCTAssertEqual(marginal.model.outputNames, joint.model.outputNames)
        var config = SamplerConfiguration()
        config.chains = 4; config.warmup = 1000; config.samples = 1000; config.seed = 85
        config.samples = 3000      // a longer full-joint reference: mu_a mixes slowly there
        let reference = try MultiChainRunner(configuration: config).run(model: joint.model)
        config.seed = 86
        config.samples = 1000
        let tested = try MultiChainRunner(configuration: config).run(model: marginal.model)
        var worstZ = 0.0
        for (j, name) in joint.model.outputNames.enumerated() {
            let r = try PosteriorSummary(name: name, draws: reference.map { $0.values(ofOutput: j) })
            let t = try PosteriorSummary(name: name, draws: tested.map { $0.values(ofOutput: j) })
            XCTAssertLessThan(r.rHat, 1.01, "\(name): the joint reference run did not converge")
            XCTAssertLessThan(t.rHat, 1.01, "\(name): R-hat")
            let z = abs(t.mean - r.mean) / (t.mcseMean * t.mcseMean + r.mcseMean * r.mcseMean).squareRoot()
            worstZ = max(worstZ, z)
            XCTAssertLessThan(z, 4.5, "\(name): mean \(t.mean) vs joint \(r.mean)")
            XCTAssertLessThan(abs(t.sd - r.sd), 0.12 * r.sd, "\(name): sd \(t.sd) vs joint \(r.sd)")
        }
        print("radon_85 marginalised vs joint: worst mean error \(worstZ) combined MCSE")
    }

    func testLoopFormIsMarginalisedLikeTheVectorForm() throws {
        let data = try DataSet(contentsOf: SharedFiles.url("data/decay_days.json"))
        let vector = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: data, marginalise: true)
        let loop = try StanModel.compile(path: SharedFiles.url("models/decay_seed.stan").path, data: data, marginalise: true)
        XCTAssertEqual(loop.marginalisation.integratedOut.map(\.parameter), ["N_initial"])
        XCTAssertEqual(loop.model.dimension, 1)
        let a = vector.model.makeEvaluator(), b = loop.model.makeEvaluator()
        var ga = [0.0], gb = [0.0]
        for alpha in [0.03, 0.0474, 0.06] {
            let x = [log(alpha)]
            XCTAssertEqual(try a.logDensityAndGradient(at: x, gradient: &ga), try b.logDensityAndGradient(at: x, gradient: &gb),
                           accuracy: 1e-9)
            XCTAssertEqual(ga[0], gb[0], accuracy: 1e-9 * max(1, abs(ga[0])))
            var ra = ChainRNG(seed: 1, chain: 0, stream: 1), rb = ra
            var oa: [Double] = [], ob: [Double] = []
            try a.writeOutputs(at: x, into: &oa, rng: &ra)
            try b.writeOutputs(at: x, into: &ob, rng: &rb)
            XCTAssertEqual(oa, ob, "the same conditional draws from the same stream")
        }
    }
}
