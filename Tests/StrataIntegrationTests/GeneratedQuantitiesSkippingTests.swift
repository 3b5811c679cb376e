// Gradients skip generated quantities: same density and gradient as without them, draws unchanged, outputs exact.
import Foundation
import XCTest
import Strata
import StrataTestSupport

final class GeneratedQuantitiesSkippingTests: XCTestCase {
    private let withGQ = """
    data { int N; vector[N] y; }
    parameters { real mu; real<lower=0> sigma; }
    model { y ~ normal(mu, sigma); mu ~ normal(0, 5); }
    generated quantities {
      vector[N] fitted = mu + sigma * exp(y / 10);
      real total = sum(fitted);
    }
    """

    private func data(_ n: Int) throws -> DataSet {
        let y = (0..<n).map { 1 + sin(Double($0)) }
        return try DataSet(json: "{\"N\": \(n), \"y\": [\(y.map { "\($0)" }.joined(separator: ","))]}")
    }

    private func compile(_ source: String? = nil, generatedQuantities: Bool, n: Int = 2000) throws -> GraphModel {
        try StanModel.compile(source: source ?? withGQ, fileName: "gq.stan", data: data(n),
                              includeGeneratedQuantities: generatedQuantities).model
    }

    /// Vector work in both the density and the generated quantities, so both sweeps have blocked steps.
    private let blockedBoth = """
    data { int N; vector[N] y; }
    parameters { real mu; real<lower=0> sigma; }
    model { y ~ normal(mu * exp(y / 10), sigma); }
    generated quantities { real total = sum(mu + sigma * exp(y / 10)); }
    """

    func testWithinChainThreadsRunTheDensityPlanAndTheOutputSweep() throws {
        let n = 9000
        let full = try compile(blockedBoth, generatedQuantities: true, n: n)
        let bare = try compile(blockedBoth, generatedQuantities: false, n: n)
        let a = GraphEvaluator(graph: full.graph, target: full.target, threadsPerChain: 2)
        let b = GraphEvaluator(graph: bare.graph, target: bare.target, threadsPerChain: 2)
        XCTAssertGreaterThan(a.blockedStepCount, 0)
        let x = [0.4, -0.3]
        var ga = [0.0, 0.0], gb = [0.0, 0.0]
        XCTAssertEqual(try a.valueAndGradient(at: x, gradient: &ga), try b.valueAndGradient(at: x, gradient: &gb))
        XCTAssertEqual(ga, gb)
        try a.forward(at: x)
        let total = try XCTUnwrap(full.outputs.first { $0.name == "total" })
        let sigma = Foundation.exp(-0.3)
        let expected = (0..<n).reduce(0.0) { $0 + 0.4 + sigma * Foundation.exp((1 + sin(Double($1))) / 10) }
        XCTAssertEqual(a.values(of: total.value.slot)[0], expected, accuracy: 1e-10 * expected)
    }

    func testGradientRunsNoGeneratedQuantityAndMatchesTheProgramWithoutThem() throws {
        let full = try compile(generatedQuantities: true), bare = try compile(generatedQuantities: false)
        let evaluator = full.makeGraphEvaluator()
        XCTAssertGreaterThan(full.graph.operations.count, bare.graph.operations.count)
        XCTAssertEqual(evaluator.densityOperationCount, bare.graph.operations.count)
        let a = full.makeEvaluator(), b = bare.makeEvaluator()
        for x in [[0.3, -0.2], [1.1, 0.4], [-0.5, 0.05]] {
            var ga = [0.0, 0.0], gb = [0.0, 0.0]
            XCTAssertEqual(try a.logDensityAndGradient(at: x, gradient: &ga), try b.logDensityAndGradient(at: x, gradient: &gb))
            XCTAssertEqual(ga, gb)
            XCTAssertEqual(try a.logDensity(at: x), try b.logDensity(at: x))
        }
    }

    func testDrawsAreBitIdenticalAndGeneratedQuantitiesAreComputedForEveryDraw() throws {
        var config = SamplerConfiguration()
        config.chains = 2; config.warmup = 100; config.samples = 60; config.seed = 11
        let full = try SampleService.run(model: compile(generatedQuantities: true), configuration: config)
        let bare = try SampleService.run(model: compile(generatedQuantities: false), configuration: config)
        func column(_ outcome: SampleOutcome, _ name: String) throws -> [Double] {
            try XCTUnwrap(outcome.draws(of: name), name).flatMap { $0 }
        }
        for name in ["mu", "sigma"] { XCTAssertEqual(try column(full, name), try column(bare, name), name) }
        let y = (0..<2000).map { 1 + sin(Double($0)) }
        let mu = try column(full, "mu"), sigma = try column(full, "sigma")
        let total = try column(full, "total"), fitted7 = try column(full, "fitted.7")
        XCTAssertEqual(total.count, 120)
        for d in total.indices {
            let expected = y.reduce(0) { $0 + mu[d] + sigma[d] * Foundation.exp($1 / 10) }
            XCTAssertEqual(total[d], expected, accuracy: 1e-10 * Swift.abs(expected), "draw \(d)")
            XCTAssertEqual(fitted7[d], mu[d] + sigma[d] * Foundation.exp(y[6] / 10), accuracy: 1e-13 * 10)
        }
    }
}
