// --threads-per-chain: log densities, gradients and draws are bit-identical for T = 1, 2, 3 and agree with the plain evaluator.
import XCTest
import Strata
import StrataStanModel
import StrataTestSupport

final class ThreadsPerChainTests: XCTestCase {
    /// (name, model) pairs over more than one block: the widget model on 10,000 widgets and radon on 100,000
    /// observations, each as sampled by default (marginalised) and with every parameter sampled.
    static func models() throws -> [(String, GraphModel, [Double])] {
        var out: [(String, GraphModel, [Double])] = []
        let decayData = try DataSet(contentsOf: SharedFiles.url("data/decay_days_10000.json"))
        let radonData = try DataSet(contentsOf: SharedFiles.url("data/radon_1000.json"))
        for marginalise in [true, false] {
            let decay = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: decayData,
                                              marginalise: marginalise).model
            let x = try ModelCatalog.initialPoint(path: SharedFiles.url("data/decay_days_10000_init.json").path, model: decay)
            out.append(("decay_10000 marginalise \(marginalise)", decay, x))
            let radon = try StanModel.compile(path: SharedFiles.url("models/radon_noncentered.stan").path, data: radonData,
                                              marginalise: marginalise).model
            var rng = ChainRNG(seed: 5, chain: 0)
            out.append(("radon_1000 marginalise \(marginalise)", radon, (0..<radon.dimension).map { _ in rng.uniform(-1, 1) }))
        }
        // A likelihood that indexes the arena by raw offsets (no slot accessors): its blocks copy their inputs in and
        // their adjoints back instead of running in place.
        var rng = ChainRNG(seed: 11, chain: 0)
        let y = (0..<10_000).map { _ in rng.uniform(-3, 3) }
        let source = """
            data { int N; vector[N] y; }
            parameters { real mu; real<lower=0> sigma; vector[N] z; }
            model { z ~ std_normal(); y ~ student_t(4, mu + 0.5 * z, sigma); }
            """
        let data = "{\"N\": \(y.count), \"y\": [\(y.map { "\($0)" }.joined(separator: ","))]}"
        let studentT = try StanModel.compile(source: source, fileName: "student_t.stan", data: try DataSet(json: data)).model
        out.append(("student_t_10000 copying", studentT, (0..<studentT.dimension).map { _ in rng.uniform(-1, 1) }))
        return out
    }

    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    func testGradientsAreBitIdenticalForAnyThreadCountAndMatchThePlainEvaluator() throws {
        for (name, model, x0) in try Self.models() {
            let plain = model.makeEvaluator()
            let threaded = (1...3).map { model.withThreadsPerChain($0).makeEvaluator() }
            let evaluator = model.withThreadsPerChain(2).makeGraphEvaluator()
            let blocked = evaluator.blockedStepCount
            if name.hasPrefix("decay") {
                XCTAssertGreaterThan(evaluator.inPlaceBlockedStepCount, 0, "\(name): some blocks must run in place")
            } else if name.hasSuffix("copying") {
                XCTAssertLessThan(evaluator.inPlaceBlockedStepCount, blocked, "\(name): some blocks must copy")
            }
            if name == "radon_1000 marginalise true" {
                // mu_a + beta * x is computed inside the marginal node, which runs whole: nothing left to split.
                XCTAssertEqual(blocked, 0, name)
            } else {
                XCTAssertGreaterThan(blocked, 0, "\(name): some step must run in blocks, or this test proves nothing")
            }
            var rng = ChainRNG(seed: 9, chain: 1)
            for point in 0..<3 {
                let x = point == 0 ? x0 : x0.map { $0 + rng.uniform(-0.01, 0.01) }
                var g0 = [Double](repeating: 0, count: x.count)
                let lp0 = try plain.logDensityAndGradient(at: x, gradient: &g0)
                var results: [(Double, [Double], Double, [Double])] = []
                for e in threaded {
                    var g = [Double](repeating: 0, count: x.count)
                    let lp = try e.logDensityAndGradient(at: x, gradient: &g)
                    var outputs: [Double] = []
                    try e.writeOutputs(at: x, into: &outputs)
                    results.append((lp, g, try e.logDensity(at: x), outputs))
                }
                for r in results.dropFirst() {
                    XCTAssertEqual(r.0.bitPattern, results[0].0.bitPattern, "\(name): log density differs across T")
                    XCTAssertEqual(bits(r.1), bits(results[0].1), "\(name): gradient differs across T")
                    XCTAssertEqual(r.2.bitPattern, results[0].2.bitPattern, "\(name): forward-only log density differs")
                    XCTAssertEqual(bits(r.3), bits(results[0].3), "\(name): outputs differ across T")
                }
                // Against the tile-by-tile evaluator: only the order of the sums differs.
                let (lp, g, lpForward, outputs) = results[0]
                XCTAssertEqual(lp, lp0, accuracy: 1e-9 * max(1, abs(lp0)), name)
                XCTAssertEqual(lpForward, lp, accuracy: 1e-9 * max(1, abs(lp0)), name)
                var plainOutputs: [Double] = []
                try plain.writeOutputs(at: x, into: &plainOutputs)
                XCTAssertEqual(outputs.count, plainOutputs.count)
                for i in 0..<min(outputs.count, plainOutputs.count) {
                    XCTAssertEqual(outputs[i], plainOutputs[i], accuracy: 1e-9 * max(1, abs(plainOutputs[i])), "\(name) output \(i)")
                }
                let scale = g0.map(abs).max() ?? 1
                for i in 0..<g.count {
                    XCTAssertEqual(g[i], g0[i], accuracy: 1e-9 * max(1, scale), "\(name) gradient \(i)")
                }
            }
        }
    }

    func testDrawsAreBitIdenticalForAnyThreadCount() throws {
        let data = try DataSet(contentsOf: SharedFiles.url("data/decay_days_10000.json"))
        let model = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: data, marginalise: true).model
        let x = try ModelCatalog.initialPoint(path: SharedFiles.url("data/decay_days_10000_init.json").path, model: model)
        var config = SamplerConfiguration()
        config.chains = 2
        config.warmup = 100
        config.samples = 100
        config.seed = 42
        config.inits = [x]
        var runs: [[ChainResult]] = []
        for t in 1...3 {
            config.threads = t == 3 ? 1 : 2
            runs.append(try MultiChainRunner(configuration: config).run(model: model.withThreadsPerChain(t)))
        }
        for (t, run) in runs.enumerated().dropFirst() {
            for (c, chain) in run.enumerated() {
                for j in [0, model.outputNames.count / 2, model.outputNames.count - 1] {
                    XCTAssertEqual(bits(chain.values(ofOutput: j)), bits(runs[0][c].values(ofOutput: j)),
                                   "T = \(t + 1), chain \(c), output \(model.outputNames[j])")
                }
                XCTAssertEqual(chain.leapfrogTotal, runs[0][c].leapfrogTotal)
            }
        }
    }
}
