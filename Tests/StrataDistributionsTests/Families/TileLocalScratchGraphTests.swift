// A fused tile whose intermediates live in tile-local scratch: every elementwise operator, a gather, sums and the
// normal density give bit-identical values and gradients with scratch on and off, and match finite differences.
import XCTest
import StrataAutodiff
import StrataDistributions

final class TileLocalScratchGraphTests: XCTestCase {
    /// One statement over n = 2,600 elements (several tiles and a partial one) using each tile-local operation.
    private func graph() throws -> (Graph, Slot, Int) {
        let n = 2600, groups = 37
        let g = Graph()
        let a = g.parameterInput(count: 1)
        let s = g.parameterInput(count: 1)
        let u = g.parameterInput(count: n)
        let z = g.parameterInput(count: groups)
        let bounded = LowerUpperBoundTransform(lower: g.constant(0.5), upper: g.constant(4)).constrain(u, constrainedCount: n, in: g)
        let t = g.constant((0..<n).map { 0.5 + Double($0 % 11) * 0.1 })
        let c = g.constant((0..<n).map { 1 + Double($0 % 5) * 0.2 })
        let effect = g.gather(z, index: (0..<n).map { ($0 * 7) % groups }, name: "group")
        let decay = bounded.value * exp(-a * t)
        let mu = decay + exp(s) * effect - square(effect) / c + pow(bounded.value, c) * 0.01
        let w = log(square(mu) + 1.0) - tanh(decay) * 0.5
        let y = g.constant((0..<n).map { 1 + Double($0 % 7) * 0.3 })
        let lp = g.addScalars([g.normalLpdf(y, mu, exp(s)), bounded.logJacobian, sum(w), dot(w, c),
                               g.normalLpdf(z, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, 2 + n + groups)
    }

    func testScratchIsBitIdenticalAndMatchesFiniteDifferences() throws {
        let (g, target, d) = try graph()
        let x = (0..<d).map { Foundation.sin(Double($0) * 0.37) * 1.2 }
        for threads in [nil, 2] as [Int?] {
            let on = GraphEvaluator(graph: g, target: target, threadsPerChain: threads)
            let off = GraphEvaluator(graph: g, target: target, threadsPerChain: threads, tileLocal: false)
            XCTAssertEqual(on.fusedStepCount, 1, "one fused statement")
            XCTAssertGreaterThanOrEqual(on.tileLocalSlotCount, 10, "the statement's vectors live in scratch")
            var gOn = [Double](repeating: 0, count: d), gOff = gOn
            let lpOn = try on.valueAndGradient(at: x, gradient: &gOn)
            let lpOff = try off.valueAndGradient(at: x, gradient: &gOff)
            XCTAssertEqual(lpOn.bitPattern, lpOff.bitPattern)
            XCTAssertEqual(gOn.map(\.bitPattern), gOff.map(\.bitPattern), "gradient, threads \(String(describing: threads))")
            XCTAssertEqual(try on.logDensity(at: x).bitPattern, lpOff.bitPattern)
            if threads != nil { continue }
            // Separate whole sweeps (arena only, never fused) give the same gradient too.
            XCTAssertEqual(try on.forward(at: x), lpOn)
            on.backward()
            XCTAssertEqual(g.parameterInputs.flatMap { on.adjoints(of: $0.slot) }.map(\.bitPattern), gOn.map(\.bitPattern))
            for i in [0, 1, 2, 513, 1024, 2 + 2599, d - 1, d - 20] {
                let h = 1e-6
                var xp = x; xp[i] += h
                var xm = x; xm[i] -= h
                let numeric = (try on.logDensity(at: xp) - on.logDensity(at: xm)) / (2 * h)
                XCTAssertEqual(gOn[i], numeric, accuracy: 1e-5 + 1e-5 * Swift.abs(numeric), "d/dx[\(i)]")
            }
        }
    }
}
