// normal(y | mu, sigma) with a vector outcome and one location and scale: the general loop's numbers, bit for bit.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport
#if canImport(Glibc)
import Glibc
#endif

final class NormalScalarLocationTests: XCTestCase {
    /// The value and partials as the density's general strided loops compute them (strides 1, 0, 0), one
    /// element at a time: the sum of z² in order, 1/σ per element, the location's and scale's adjoints in order.
    private func reference(_ y: [Double], _ mu: Double, _ sigma: Double)
        -> (lp: Double, gy: [Double], gmu: Double, gsigma: Double) {
        var quad = 0.0
        for v in y {
            let z = (v - mu) / sigma
            quad += z * z
        }
        var lp = -0.5 * quad - Double(y.count) * log(sigma)
        lp -= Double(y.count) * 0.9189385332046727
        var gy = [Double](repeating: 0, count: y.count), gmu = 0.0, gsigma = 0.0
        for (i, v) in y.enumerated() {
            let inv = 1 / sigma
            let z = (v - mu) * inv
            let dzdm = 1 * z * inv
            gy[i] -= dzdm
            gmu += dzdm
            gsigma += 1 * (z * z - 1) * inv
        }
        return (0 + lp, gy, gmu, gsigma)
    }

    func testOneLocationAndScaleGiveTheGeneralLoopsNumbersBitForBit() throws {
        for n in [2, 8, 13] {
            let g = Graph()
            let p = g.parameterInput(count: n + 2)
            let lp = g.normalLpdf(p[0..<n], p[n], p[n + 1])
            try g.validate()
            let ev = GraphEvaluator(graph: g, target: lp.slot)
            for shift in [0.0, 0.37, -1.1] {
                let y = (0..<n).map { sin(Double($0) * 1.3 + shift) * 2.5 }
                let (mu, sigma) = (0.4 - shift, 0.8 + abs(shift))
                var gradient = [Double](repeating: 0, count: n + 2)
                let value = try ev.valueAndGradient(at: y + [mu, sigma], gradient: &gradient)
                let expected = reference(y, mu, sigma)
                XCTAssertEqual(value.bitPattern, expected.lp.bitPattern, "n = \(n), shift \(shift)")
                XCTAssertEqual(gradient.map(\.bitPattern), (expected.gy + [expected.gmu, expected.gsigma]).map(\.bitPattern),
                               "n = \(n), shift \(shift)")
            }
            try assertGradientMatchesFiniteDifferences(ev, at: (0..<n).map { Double($0) * 0.2 - 0.5 } + [0.1, 1.4])
        }
    }

    /// The location is one of the outcomes (a view into the same vector): its adjoint and the outcome's add up.
    func testLocationInsideTheOutcomeMatchesFiniteDifferences() throws {
        let g = Graph()
        let p = g.parameterInput(count: 9)
        let lp = g.normalLpdf(p[0..<8], p[3], exp(p[8]))
        try g.validate()
        try assertGradientMatchesFiniteDifferences(GraphEvaluator(graph: g, target: lp.slot),
                                                   at: [0.3, -1.2, 2.5, 0.4, 0.9, 1.4, -0.6, 0.05, 0.2])
    }
}
