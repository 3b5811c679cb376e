// decay.stan with N_initial integrated out: the marginal node computes its slope exp(-alpha * dt) itself, with the
// unfused graph's values, gradients and conditional draws bit for bit, with and without threads per chain.
import XCTest
import Strata
import StrataAutodiff
import StrataStanModel
import StrataTestSupport

final class MarginalExponentialSlopeDecayTests: XCTestCase {
    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    private func marginalModel(_ file: String) throws -> GraphModel {
        let data = try DataSet(contentsOf: SharedFiles.url("data/\(file)"))
        let compiled = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path, data: data, marginalise: true)
        XCTAssertEqual(compiled.marginalisation.integratedOut.map(\.parameter), ["N_initial"])
        return compiled.model
    }

    func testSlopeIsFusedAndGradientsAreBitIdentical() throws {
        // 1,000 widgets run untiled; 10,000 run in tiles and in three blocks of within-chain threads.
        for file in ["decay_days_1000.json", "decay_days_10000.json"] {
            let model = try marginalModel(file)
            for threads in [nil, 2] as [Int?] {
                let label = "\(file), threads \(String(describing: threads))"
                let fused = model.withThreadsPerChain(threads).makeGraphEvaluator()
                let plain = model.withThreadsPerChain(threads).withAffineLocations(false).makeGraphEvaluator()
                XCTAssertEqual(fused.fusedInputCount, 1, label)
                XCTAssertEqual(fused.densityOperationCount, plain.densityOperationCount - 2, "\(label): exp and product absorbed")
                // alpha = 0.041 (near the posterior), 0.067 and 0.37.
                try assertBitIdenticalReplay(fused, plain, at: [-3.2], shifts: [0, 0.5, 2.2], label)
                if threads == nil { try assertGradientMatchesFiniteDifferences(fused, at: [-3.2], label) }
            }
        }
    }

    func testConditionalDrawsReadTheSlope() throws {
        let model = try marginalModel("decay_days_10000.json")
        let names = model.outputNames
        let upper = try DataSet(contentsOf: SharedFiles.url("data/decay_days_10000.json")).real("N_initial_max")
        for threads in [nil, 2] as [Int?] {
            let fused = model.withThreadsPerChain(threads).makeEvaluator()
            let plain = model.withThreadsPerChain(threads).withAffineLocations(false).makeEvaluator()
            var rf = ChainRNG(seed: 5, chain: 1, stream: RandomStream.conditionalDraws)
            var rp = rf
            var of: [Double] = [], op: [Double] = []
            for x in [[-3.0], [-2.5]] {
                // A gradient first, as after a transition: only the fused node has run, not the replaced exponential.
                var g = [0.0]
                _ = try fused.logDensityAndGradient(at: x, gradient: &g)
                _ = try plain.logDensityAndGradient(at: x, gradient: &g)
                try fused.writeOutputs(at: x, into: &of, rng: &rf)
                try plain.writeOutputs(at: x, into: &op, rng: &rp)
                XCTAssertEqual(bits(of), bits(op), "threads \(String(describing: threads)), x \(x): draws")
                let drawn = zip(names, of).filter { $0.0.hasPrefix("N_initial.") }.map(\.1)
                XCTAssertEqual(drawn.count, 10_000)
                XCTAssert(drawn.allSatisfy { $0 >= 0 && $0 <= upper }, "draws within the bounds")
            }
        }
    }
}
