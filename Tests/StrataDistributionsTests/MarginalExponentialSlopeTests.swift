// A flat-prior marginal likelihood whose slope is exp(s * x) computes the slope in its node: the same values and
// gradients as the unfused graph bit for bit, at tiled and untiled lengths, with and without threads, and gradients
// that match finite differences; slopes of other shapes stay unfused and correct.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class MarginalExponentialSlopeTests: XCTestCase {
    /// A graph, its target, its dimension and whether the slope should be computed in the marginal node.
    private typealias Case = (graph: Graph, target: Slot, dimension: Int, fused: Bool)

    /// Data vector of length n with a pattern that depends on `seed`.
    private func data(_ g: Graph, _ n: Int, _ seed: Double) -> Expr {
        g.constant((0..<n).map { Foundation.sin(Double($0) * 0.7 + seed) * 1.5 + seed })
    }

    /// The widget model's shape: y ~ normal(θ .* exp(-alpha * dt), sigma), θ flat on [0, 40] integrated out, alpha =
    /// exp(log alpha) a parameter, dt and sigma data vectors (some slopes narrow, some wide).
    private func decay(_ n: Int) throws -> Case {
        let g = Graph()
        let logAlpha = g.parameterInput(count: 1)
        let alpha = exp(logAlpha)
        let dt = g.constant((0..<n).map { 0.5 + Double($0 % 11) * 0.7 })
        let sigma = g.constant((0..<n).map { 0.3 + Double($0 % 5) * 0.4 })
        let y = g.constant((0..<n).map { 8 + 6 * Foundation.sin(Double($0) * 0.37) })
        let lp = g.marginalNormalFlatLpdf(y: y, a: exp(-alpha * dt), b: g.constant(0), s: sigma,
                                          lower: g.constant(0), upper: g.constant(40))
        let target = g.addScalars([lp, g.normalLpdf(logAlpha, g.constant(-1), g.constant(1))])
        try g.validate()
        return (g, target.slot, 1, true)
    }

    /// Data on the left of the product, a parameter offset vector and a parameter scale:
    /// y ~ normal(θ .* exp(x * s) + w, exp(ls)), θ flat on per-element bounds.
    private func offsetAndScale(_ n: Int) throws -> Case {
        let g = Graph()
        let s = g.parameterInput(count: 1), w = g.parameterInput(count: n), ls = g.parameterInput(count: 1)
        let lower = g.constant((0..<n).map { -1 - Double($0 % 3) }), upper = g.constant((0..<n).map { 2 + Double($0 % 4) })
        let lp = g.marginalNormalFlatLpdf(y: data(g, n, 0.4), a: exp(data(g, n, 0.9) * s), b: w, s: exp(ls),
                                          lower: lower, upper: upper)
        let target = g.addScalars([lp, g.normalLpdf(w, g.constant(0), g.constant(1)),
                                   g.normalLpdf(s, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, target.slot, n + 2, true)
    }

    /// Slopes the node does not compute itself: 2 exp(s x) (a product around the exponential) and exp(c .* w) with w
    /// a parameter vector.
    private func unfusedSlopes(_ n: Int, scaled: Bool) throws -> Case {
        let g = Graph()
        let s = g.parameterInput(count: 1), w = g.parameterInput(count: n)
        let slope = scaled ? exp(s * data(g, n, 0.2)) * g.constant(2) : exp(s * w)
        let lp = g.marginalNormalFlatLpdf(y: data(g, n, 1.1), a: slope, b: g.constant(0.3), s: g.constant(0.8),
                                          lower: g.constant(-3), upper: g.constant(3))
        let target = g.addScalars([lp, g.normalLpdf(w, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, target.slot, n + 1, false)
    }

    private func check(_ name: String, _ c: Case, differences: Bool) throws {
        let x = (0..<c.dimension).map { Foundation.cos(Double($0) * 0.41) * 0.8 }
        for t in [nil, 2] as [Int?] {
            let label = "\(name), threads \(String(describing: t))"
            let fused = GraphEvaluator(graph: c.graph, target: c.target, threadsPerChain: t, scalarTapes: true,
                                       minimumAffineLocationCount: 1)
            let plain = GraphEvaluator(graph: c.graph, target: c.target, threadsPerChain: t, scalarTapes: true,
                                       affineLocations: false)
            XCTAssertEqual(fused.fusedInputCount, c.fused ? 1 : 0, "\(label): the slope must be fused, or this test proves nothing")
            XCTAssertEqual(plain.fusedInputCount, 0, label)
            // The exponential and the scalar × data product.
            XCTAssertEqual(fused.densityOperationCount, plain.densityOperationCount - (c.fused ? 2 : 0), "\(label): nodes absorbed")
            try assertBitIdenticalReplay(fused, plain, at: x, label)
            // Whole sweeps: the replaced nodes run too, and the slope's slot holds the same values.
            try assertBitIdenticalSweeps(fused, plain, at: x, label)
            if t == nil && differences { try assertGradientMatchesFiniteDifferences(fused, at: x, label) }
        }
    }

    func testDecayShapeIsFusedAndBitIdentical() throws {
        // Untiled, tiled with a short last tile, and several blocks of within-chain threads (4,096 elements each).
        for n in [2, 7, 513, 1029, 2603, 9000] { try check("decay n=\(n)", decay(n), differences: n < 3000) }
    }

    func testParameterOffsetAndScaleAreBitIdentical() throws {
        for n in [3, 513, 2600, 4099] { try check("offset and scale n=\(n)", offsetAndScale(n), differences: n < 600) }
    }

    func testOtherSlopesStayUnfused() throws {
        for n in [7, 2600] {
            try check("2 exp(s x) n=\(n)", unfusedSlopes(n, scaled: true), differences: n < 600)
            try check("exp(s w) n=\(n)", unfusedSlopes(n, scaled: false), differences: n < 600)
        }
    }
}
