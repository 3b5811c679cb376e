// Exponential factors in affine-location fusion on the widget model: decay.stan's and decay_seed.stan's likelihood
// mean N_initial .* exp(-alpha * dt) runs in the likelihood's node, bit-identical to the unfused graph.
import XCTest
import Strata
import StrataAutodiff
import StrataStanModel
import StrataTestSupport

final class AffineLocationDecayTests: XCTestCase {
    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    func testWidgetLikelihoodIsFusedAndBitIdentical() throws {
        let data = try DataSet(contentsOf: SharedFiles.url("data/decay_days_1000.json"))
        for program in ["decay.stan", "decay_seed.stan"] {
            let model = try StanModel.compile(path: SharedFiles.url("models/\(program)").path, data: data).model
            for threads in [nil, 2] as [Int?] {
                let fused = model.withThreadsPerChain(threads).makeGraphEvaluator()
                let plain = model.withThreadsPerChain(threads).withAffineLocations(false).makeGraphEvaluator()
                let label = "\(program), threads \(String(describing: threads))"
                XCTAssertEqual(fused.fusedLocationCount, 1, label)
                // The product, the exp and the scalar × data product.
                XCTAssertEqual(fused.densityOperationCount, plain.densityOperationCount - 3, label)
                var rng = ChainRNG(seed: 17, chain: 0)
                for _ in 0..<2 {
                    let x = (0..<model.dimension).map { _ in rng.uniform(-2, 2) }
                    var gf = [Double](repeating: 0, count: x.count), gp = gf
                    let lpf = try fused.valueAndGradient(at: x, gradient: &gf)
                    XCTAssertEqual(lpf.bitPattern, try plain.valueAndGradient(at: x, gradient: &gp).bitPattern, label)
                    XCTAssertEqual(bits(gf), bits(gp), "\(label): gradient")
                    XCTAssertEqual(try fused.logDensity(at: x).bitPattern, try plain.logDensity(at: x).bitPattern, label)
                }
            }
        }
    }
}
