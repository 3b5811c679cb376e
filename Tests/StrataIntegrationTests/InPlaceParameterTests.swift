// Parameters read in place from the caller's point (no copy into the arena): bit-identical to copying, on the widget and radon models, with and without threads per chain.
import XCTest
import Strata
import StrataAutodiff
import StrataStanModel
import StrataTestSupport

final class InPlaceParameterTests: XCTestCase {
    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    private func model(_ program: String, _ data: String) throws -> GraphModel {
        try StanModel.compile(path: SharedFiles.url("models/\(program)").path,
                              data: try DataSet(contentsOf: SharedFiles.url("data/\(data)")), marginalise: false).model
    }

    func testInPlaceParametersGiveBitIdenticalValuesAndGradients() throws {
        let models = [("decay_10000", try model("decay.stan", "decay_days_10000.json")),
                      ("decay_seed_10000", try model("decay_seed.stan", "decay_days_10000.json")),
                      ("radon_1000", try model("radon_noncentered.stan", "radon_1000.json"))]
        // With two threads per chain, the blocks read the parameters in place (and add their adjoints in place) too.
        for (name, model) in models { for threads in [nil, 2] as [Int?] {
            let inPlace = GraphEvaluator(graph: model.graph, target: model.target, threadsPerChain: threads)
            let copied = GraphEvaluator(graph: model.graph, target: model.target, threadsPerChain: threads,
                                        inPlaceParameters: false)
            XCTAssertGreaterThan(inPlace.externalParameterBlockCount, 0, "\(name): the long block must be read in place, or this test proves nothing")
            XCTAssertEqual(copied.externalParameterBlockCount, 0, name)
            if threads != nil { XCTAssertGreaterThan(inPlace.blockedStepCount, 0, "\(name): some step must run in blocks") }
            var rng = ChainRNG(seed: 5, chain: 0)
            for point in 0..<3 {
                let x = (0..<model.dimension).map { _ in rng.uniform(-1.5, 1.5) }
                let label = "\(name), threads \(threads.map(String.init) ?? "none"), point \(point)"
                // The gradient array arrives with stale contents from the previous point: it must be overwritten.
                var gIn = [Double](repeating: point == 0 ? 0 : 7, count: x.count), gCopy = gIn
                let lpIn = try inPlace.valueAndGradient(at: x, gradient: &gIn)
                let lpCopy = try copied.valueAndGradient(at: x, gradient: &gCopy)
                XCTAssertEqual(lpIn.bitPattern, lpCopy.bitPattern, "\(label): log density with gradient")
                XCTAssertEqual(bits(gIn), bits(gCopy), "\(label): gradient")
                XCTAssertEqual(try inPlace.logDensity(at: x).bitPattern, try copied.logDensity(at: x).bitPattern, "\(label): log density")
                // A full forward sweep (outputs, generated quantities) still fills the arena's parameter slots.
                XCTAssertEqual(try inPlace.forward(at: x).bitPattern, try copied.forward(at: x).bitPattern, "\(label): forward sweep")
                for (_, slot) in model.graph.parameterInputs {
                    XCTAssertEqual(bits(inPlace.values(of: slot)), bits(copied.values(of: slot)), "\(label): parameter values after forward")
                }
                // Gradients after a log density and after a full forward sweep are still exact.
                var again = [Double](repeating: -1, count: x.count)
                XCTAssertEqual(try inPlace.valueAndGradient(at: x, gradient: &again).bitPattern, lpCopy.bitPattern, label)
                XCTAssertEqual(bits(again), bits(gCopy), "\(label): gradient after a forward sweep")
            }
        } }
    }

    /// A block read by an operation that indexes raw offsets (here a view: one element of the vector) is copied.
    func testBlocksReadThroughViewsAreCopied() throws {
        let graph = Graph()
        let u = graph.parameterInput(count: 32)
        let target = sum(u * u) + u[3] * u[3]
        let evaluator = GraphEvaluator(graph: graph, target: target.slot)
        XCTAssertEqual(evaluator.externalParameterBlockCount, 0)
        let x = (0..<32).map { Double($0) / 10 }
        var g = [Double](repeating: 0, count: 32)
        XCTAssertEqual(try evaluator.valueAndGradient(at: x, gradient: &g), x.reduce(0) { $0 + $1 * $1 } + 0.09, accuracy: 1e-12)
        XCTAssertEqual(g[3], 4 * 0.3, accuracy: 1e-12)
        XCTAssertEqual(g[5], 2 * 0.5, accuracy: 1e-12)
    }

    /// A non-finite gradient entry of a block read in place is still reported.
    func testNonFiniteGradientOfAnInPlaceBlockThrows() throws {
        let graph = Graph()
        let u = graph.parameterInput(count: 32)
        let target = sum(sqrt(u))
        let evaluator = GraphEvaluator(graph: graph, target: target.slot)
        XCTAssertEqual(evaluator.externalParameterBlockCount, 1)
        var x = [Double](repeating: 1, count: 32)
        var g = x
        XCTAssertEqual(try evaluator.valueAndGradient(at: x, gradient: &g), 32)
        XCTAssertEqual(g, [Double](repeating: 0.5, count: 32))
        x[17] = 0 // sqrt's derivative at 0 is inf; the value (31) is finite
        XCTAssertThrowsError(try evaluator.valueAndGradient(at: x, gradient: &g))
    }
}
