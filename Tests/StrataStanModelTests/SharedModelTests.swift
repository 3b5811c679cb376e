// Every ../shared/models program compiles with its data; gradients match finite differences.
import StrataStanModel
import XCTest

final class SharedModelTests: XCTestCase {
    static let cases: [(model: String, data: String, dimension: Int)] = [
        ("decay.stan", "decay_days.json", 101),
        ("decay_seed.stan", "decay_days.json", 101),
        ("decay_t0_unknown.stan", "decay_t0u_days.json", 201),
        ("eight_schools_centered.stan", "eight_schools.json", 10),
        ("eight_schools_noncentered.stan", "eight_schools.json", 10),
        ("complete_pooling.stan", "pooling.json", 2),
        ("no_pooling.stan", "pooling.json", 10),
        ("partial_pooling.stan", "partial_pooling.json", 5),
        ("radon_noncentered.stan", "radon_85.json", 89),
    ]

    func testSharedModelsCompileAndGradientsMatchFiniteDifferences() throws {
        for (k, c) in Self.cases.enumerated() {
            let stan = try StanTestSupport.compile("models/" + c.model, data: "data/" + c.data)
            XCTAssertEqual(stan.model.dimension, c.dimension, c.model)
            XCTAssertEqual(stan.name, String(c.model.dropLast(5)))
            try StanTestSupport.checkGradient(stan.model, seed: UInt64(10 + k), c.model)
            try StanTestSupport.checkGradient(stan.model.withJacobian(false), seed: UInt64(40 + k), c.model + " (no Jacobian)")
        }
    }

    func testOutputNamesFollowCmdStan() throws {
        let stan = try StanTestSupport.compile("models/eight_schools_noncentered.stan", data: "data/eight_schools.json")
        let names = stan.model.outputNames
        XCTAssertEqual(Array(names.prefix(4)), ["mu", "tau", "theta_tilde.1", "theta_tilde.2"])
        XCTAssertEqual(names.count, 2 + 8 + 8)
        XCTAssertEqual(names.last, "theta.8")
        // theta = mu + tau * theta_tilde is reported in the forward pass.
        let e = stan.model.makeEvaluator()
        let x = StanTestSupport.randomPoint(stan.model.dimension, seed: 3)
        var out: [Double] = []
        try e.writeOutputs(at: x, into: &out)
        let tau = Foundation.exp(x[1])
        for j in 0..<8 { XCTAssertEqual(out[10 + j], x[0] + tau * x[2 + j], accuracy: 1e-12) }
    }
}
