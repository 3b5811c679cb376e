// Affine-location fusion on radon_noncentered: the likelihood's mean is fused (five nodes fewer), and values,
// gradients (with and without threads per chain) and fixed-seed draws are bit-identical to the unfused graph's.
import XCTest
import Strata
import StrataAutodiff
import StrataStanModel
import StrataTestSupport

final class AffineLocationRadonTests: XCTestCase {
    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    private func radon() throws -> GraphModel {
        try StanModel.compile(path: SharedFiles.url("models/radon_noncentered.stan").path,
                              data: try DataSet(contentsOf: SharedFiles.url("data/radon_1000.json")), marginalise: false).model
    }

    func testRadonLikelihoodIsFusedAndBitIdentical() throws {
        let model = try radon()
        for threads in [nil, 2] as [Int?] {
            let fused = model.withThreadsPerChain(threads).makeGraphEvaluator()
            let plain = model.withThreadsPerChain(threads).withAffineLocations(false).makeGraphEvaluator()
            XCTAssertEqual(fused.fusedLocationCount, 1)
            // mu_a + sigma_a * alpha_raw[group] + beta * x: the gather, two products and two sums.
            XCTAssertEqual(fused.densityOperationCount, plain.densityOperationCount - 5)
            if threads != nil { XCTAssertGreaterThan(fused.blockedStepCount, 0, "the fused likelihood still runs in blocks") }
            var rng = ChainRNG(seed: 11, chain: 0)
            for point in 0..<2 {
                let x = (0..<model.dimension).map { _ in rng.uniform(-1.5, 1.5) }
                let label = "threads \(String(describing: threads)), point \(point)"
                var gf = [Double](repeating: 0, count: x.count), gp = gf
                let lpf = try fused.valueAndGradient(at: x, gradient: &gf)
                XCTAssertEqual(lpf.bitPattern, try plain.valueAndGradient(at: x, gradient: &gp).bitPattern, label)
                XCTAssertEqual(bits(gf), bits(gp), "\(label): gradient")
                XCTAssertEqual(try fused.logDensity(at: x).bitPattern, try plain.logDensity(at: x).bitPattern, label)
            }
        }
    }

    func testRadonDrawsAreUnchanged() throws {
        let model = try radon()
        var config = SamplerConfiguration()
        config.chains = 1
        config.warmup = 60
        config.samples = 40
        config.seed = 7
        config.maxDepth = 6
        let fused = try MultiChainRunner(configuration: config).run(model: model)
        let plain = try MultiChainRunner(configuration: config).run(model: model.withAffineLocations(false))
        for j in [0, 1, 2, model.outputNames.count - 2, model.outputNames.count - 1] {
            XCTAssertEqual(bits(fused[0].values(ofOutput: j)), bits(plain[0].values(ofOutput: j)), model.outputNames[j])
        }
        XCTAssertEqual(fused[0].leapfrogTotal, plain[0].leapfrogTotal)
    }
}
