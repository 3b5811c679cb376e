// Tile-local scratch on and off: bit-identical log densities and gradients on the widget and radon models, any thread count.
import XCTest
import Strata
import StrataAutodiff
import StrataStanModel
import StrataTestSupport

final class TileLocalScratchTests: XCTestCase {
    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    /// The widget model (10,000 widgets: the bound transform, exp, the product and the normal in one fused tile)
    /// and radon (100,000 observations: the gather joins the likelihood's fused tile), every parameter sampled. Affine-
    /// location fusion is off: it would absorb radon's intermediate vectors into one node (AffineLocationRadonTests).
    private func models() throws -> [(String, GraphModel)] {
        let decay = try StanModel.compile(path: SharedFiles.url("models/decay.stan").path,
                                          data: try DataSet(contentsOf: SharedFiles.url("data/decay_days_10000.json")),
                                          marginalise: false).model
        let radon = try StanModel.compile(path: SharedFiles.url("models/radon_noncentered.stan").path,
                                          data: try DataSet(contentsOf: SharedFiles.url("data/radon_1000.json")),
                                          marginalise: false).model
        return [("decay_10000", decay), ("radon_1000", radon)]
    }

    func testScratchGivesBitIdenticalValuesAndGradientsForAnyThreadCount() throws {
        for (name, model) in try models() {
            var rng = ChainRNG(seed: 3, chain: 0)
            let x = (0..<model.dimension).map { _ in rng.uniform(-1.5, 1.5) }
            for threads in [nil, 1, 2] as [Int?] {
                let on = GraphEvaluator(graph: model.graph, target: model.target, threadsPerChain: threads, affineLocations: false)
                let off = GraphEvaluator(graph: model.graph, target: model.target, threadsPerChain: threads, tileLocal: false,
                                         affineLocations: false)
                let label = "\(name), threads \(threads.map(String.init) ?? "none")"
                XCTAssertGreaterThan(on.tileLocalSlotCount, 0, "\(label): some vector must live in scratch, or this test proves nothing")
                XCTAssertEqual(off.tileLocalSlotCount, 0, label)
                if threads != nil { XCTAssertGreaterThan(on.blockedStepCount, 0, "\(label): the fused step runs in blocks") }
                var gOn = [Double](repeating: 0, count: x.count), gOff = gOn
                let lpOn = try on.valueAndGradient(at: x, gradient: &gOn)
                let lpOff = try off.valueAndGradient(at: x, gradient: &gOff)
                XCTAssertEqual(lpOn.bitPattern, lpOff.bitPattern, "\(label): log density with gradient")
                XCTAssertEqual(bits(gOn), bits(gOff), "\(label): gradient")
                // Log densities use the scratch too (no reverse sweep); full forward sweeps never do.
                XCTAssertEqual(try on.logDensity(at: x).bitPattern, lpOff.bitPattern, "\(label): log density")
                XCTAssertEqual(try off.logDensity(at: x).bitPattern, lpOff.bitPattern, "\(label): log density, scratch off")
                XCTAssertEqual(try on.forward(at: x).bitPattern, try off.forward(at: x).bitPattern, "\(label): forward sweep")
                // A gradient after a log density (which leaves adjoints alone) is still exact.
                var again = [Double](repeating: 0, count: x.count)
                XCTAssertEqual(try on.valueAndGradient(at: x, gradient: &again).bitPattern, lpOff.bitPattern, label)
                XCTAssertEqual(bits(again), bits(gOff), "\(label): gradient after a log density")
            }
        }
    }
}
