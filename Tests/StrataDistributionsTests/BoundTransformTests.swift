// Round trip, support and log-Jacobian checks for lower and lower+upper bound transforms.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport
import Foundation
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

final class BoundTransformTests: XCTestCase {
    /// Checks round trip, support, gradient, and that log J equals log|dy/du| computed numerically
    /// (the transforms are elementwise, so the Jacobian is diagonal).
    func check(_ make: (Graph) -> any ParameterTransform, at u: [Double], inSupport: (Int, Double) -> Bool) throws {
        let g = Graph()
        let p = g.parameterInput(count: u.count)
        let t = make(g)
        let (value, logJ) = t.constrain(p, constrainedCount: u.count, in: g)
        try g.validate()
        let evJ = GraphEvaluator(graph: g, target: logJ.slot)
        let lj = try evJ.forward(at: u)
        let y = evJ.values(of: value.slot)
        for (i, v) in y.enumerated() { XCTAssert(inSupport(i, v), "element \(i) = \(v) outside support") }
        let back = try t.unconstrain(y, variable: "x", in: g)
        // Round trip (the logistic saturates in double precision past |u| ≈ 20, so skip those).
        for (a, b) in zip(back, u) where abs(b) < 20 { XCTAssertEqual(a, b, accuracy: 1e-8 * max(1, abs(b))) }
        // Numerical log|det J| (diagonal).
        var numeric = 0.0
        for i in 0..<u.count {
            let h = 1e-6
            var up = u, dn = u
            up[i] += h; dn[i] -= h
            try evJ.forward(at: up); let yp = evJ.values(of: value.slot)[i]
            try evJ.forward(at: dn); let ym = evJ.values(of: value.slot)[i]
            numeric += log(abs((yp - ym) / (2 * h)))
        }
        XCTAssertEqual(lj, numeric, accuracy: 1e-6 * max(1, abs(numeric)))
        // Gradient of (log J + Σ sin(y)) against finite differences.
        let target = g.addScalars([logJ, sum(sin(value))])
        let ev = GraphEvaluator(graph: g, target: target.slot)
        var grad = [Double](repeating: 0, count: u.count)
        _ = try ev.valueAndGradient(at: u, gradient: &grad)
        try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: u)
    }

    func testLowerBoundScalarAndVector() throws {
        let u = [-2.0, 0.1, 1.7]
        try check({ LowerBoundTransform(lower: $0.constant(1.5)) }, at: u) { _, v in v > 1.5 }
        let lbs = [0.0, -3, 10]
        try check({ LowerBoundTransform(lower: $0.constant(lbs)) }, at: u) { i, v in v > lbs[i] }
    }

    func testLowerUpperBoundScalarAndVector() throws {
        let u = [-25.0, -2.0, 0.1, 1.7, 30]
        try check({ LowerUpperBoundTransform(lower: $0.constant(0), upper: $0.constant(10)) }, at: u) { _, v in v >= 0 && v <= 10 }
        let lo = [-1.0, 0, 2, 3, -5], hi = [1.0, 0.5, 4, 100, 5]
        try check({ LowerUpperBoundTransform(lower: $0.constant(lo), upper: $0.constant(hi)) }, at: u) { i, v in
            v >= lo[i] && v <= hi[i]
        }
    }

    func testBoundsThatDependOnParametersGetGradients() throws {
        // y = L + (U - L) logistic(u) with L = p[1], U = p[1] + exp(p[2]).
        let x = [0.4, -0.3, 0.8]
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let lower = p[1]
        let upper = p[1] + exp(p[2])
        let (value, logJ) = LowerUpperBoundTransform(lower: lower, upper: upper).constrain(p[0..<1], constrainedCount: 1, in: g)
        let target = g.addScalars([logJ, sum(square(value))])
        let ev = GraphEvaluator(graph: g, target: target.slot)
        var grad = [0.0, 0, 0]
        _ = try ev.valueAndGradient(at: x, gradient: &grad)
        try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x)
        let (v2, j2) = LowerBoundTransform(lower: p[1]).constrain(p[0..<1], constrainedCount: 1, in: g)
        let t2 = g.addScalars([j2, sum(square(v2))])
        let ev2 = GraphEvaluator(graph: g, target: t2.slot)
        _ = try ev2.valueAndGradient(at: x, gradient: &grad)
        try FiniteDifferences.assertGradient(grad, matches: { try ev2.forward(at: $0) }, at: x)
    }

    func testUnconstrainRejectsOutOfSupportValues() {
        let g = Graph()
        let t = LowerUpperBoundTransform(lower: g.constant(0), upper: g.constant(1))
        XCTAssertThrowsError(try t.unconstrain([0.5, 1.5], variable: "theta", in: g)) {
            XCTAssertEqual("\($0)", "theta[2]: value 1.5 is outside [0.0, 1.0]")
        }
    }

    /// The C kernels (scalar bounds: one exp and one division per element, one log per 256 elements; vector
    /// lower bounds) against the C library's exp/log1p element by element, over wide ranges and chunk tails.
    func testBoundKernelsMatchLibmOverWideRangesAndSpecialValues() throws {
        var rng = ChainRNG(seed: 13, chain: 0)
        for (n, scale) in [(1, 5.0), (7, 5.0), (300, 5.0), (1_000, 40.0), (2_049, 700.0)] {
            let u = (0..<n).map { _ in rng.uniform(-scale, scale) }
            let g = Graph()
            let p = g.parameterInput(count: n)
            let (value, logJ) = LowerUpperBoundTransform(lower: g.constant(-2), upper: g.constant(3)).constrain(p, constrainedCount: n, in: g)
            let ev = GraphEvaluator(graph: g, target: logJ.slot)
            let lj = try ev.forward(at: u)
            let y = ev.values(of: value.slot)
            var reference = 0.0, compensation = 0.0   // Kahan sum of the per-element terms
            for (i, x) in u.enumerated() {
                let e = Glibc.exp(-abs(x)), s = x >= 0 ? 1 / (1 + e) : e / (1 + e)
                // l + w s rounds at the scale of |l| + |w s| (cancellation near y = 0).
                XCTAssertLessThanOrEqual(abs(y[i] - (-2 + 5 * s)), 2 * (2 + 5 * s).ulp, "y[\(i)] at u = \(x)")
                let term = Glibc.log(5.0) - abs(x) - 2 * Glibc.log1p(e) - compensation
                let t = reference + term
                compensation = (t - reference) - term
                reference = t
            }
            XCTAssertLessThanOrEqual(abs(lj - reference), 4 * reference.ulp + Double(n) * 1e-15, "n = \(n)")

            for perElement in [false, true] {
                let h = Graph()
                let q = h.parameterInput(count: n)
                let bounds = perElement ? (0..<n).map { Double($0) - 3 } : [1.5]
                let (v, j) = LowerBoundTransform(lower: h.constant(bounds)).constrain(q, constrainedCount: n, in: h)
                let evL = GraphEvaluator(graph: h, target: j.slot)
                let small = u.map { $0 / max(1, scale / 50) }
                XCTAssertEqual(try evL.forward(at: small), small.reduce(0, +), accuracy: 1e-13 * Double(n) * 50)
                for (i, x) in evL.values(of: v.slot).enumerated() {
                    let ref = bounds[perElement ? i : 0] + Glibc.exp(small[i])
                    XCTAssertLessThanOrEqual(abs(x - ref), 2 * ref.ulp, "lower bound y[\(i)]")
                }
            }
        }
        // Special values: ±inf saturate at the bounds with log J = -inf, NaN stays visible in both.
        let g = Graph()
        let p = g.parameterInput(count: 3)
        let (value, logJ) = LowerUpperBoundTransform(lower: g.constant(0), upper: g.constant(1)).constrain(p, constrainedCount: 3, in: g)
        let ev = GraphEvaluator(graph: g, target: logJ.slot)
        XCTAssertEqual(try ev.forward(at: [.infinity, -.infinity, 0]), -.infinity)
        XCTAssertEqual(ev.values(of: value.slot), [1, 0, 0.5])
        XCTAssert(try ev.forward(at: [.nan, 0, 0]).isNaN)
        XCTAssert(ev.values(of: value.slot)[0].isNaN)
    }
}
