// The lower-and-upper bound transform's vector kernels against straightforward scalar references: values, log-Jacobians (extreme and
// special inputs, chunk and tile tails) and gradients against central finite differences, in tiled graphs.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

final class BoundKernelReferenceTests: XCTestCase {
    /// Inputs with the extremes first (saturation, subnormal exp(-|u|), exp's clamps) and random ones after.
    private func inputs(count n: Int, scale: Double, seed: UInt64) -> [Double] {
        let extremes: [Double] = [0, -0.0, 1e-300, -1e-300, 40, -40, 700, -700, 745, -745, 760, -760, 36.7, -36.7, 1e-17]
        var rng = ChainRNG(seed: seed, chain: 0)
        return (0..<n).map { $0 < extremes.count ? extremes[$0] : rng.uniform(-scale, scale) }
    }

    /// Evaluates `t` on `u` alone: the constrained values and the log-Jacobian.
    private func constrain(_ make: (Graph) -> any ParameterTransform, _ u: [Double]) throws -> (y: [Double], logJ: Double) {
        let g = Graph()
        let p = g.parameterInput(count: u.count)
        let (value, logJ) = make(g).constrain(p, constrainedCount: u.count, in: g)
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: logJ.slot)
        let j = try ev.forward(at: u)
        return (ev.values(of: value.slot), j)
    }

    /// Kahan sum (the reference log-Jacobians).
    private func compensatedSum(_ terms: [Double]) -> Double {
        var sum = 0.0, c = 0.0
        for term in terms {
            let t = term - c, s = sum + t
            c = (s - sum) - t
            sum = s
        }
        return sum
    }

    /// Scalar bounds, and a bound per element on either side or both (widths over several binades).
    func testLogisticBoundMatchesScalarReferenceAtExtremesAndChunkTails() throws {
        for (n, scale) in [(15, 1.0), (257, 6.0), (1_031, 40.0), (2_600, 800.0)] {
            let u = inputs(count: n, scale: scale, seed: UInt64(n))
            var rng = ChainRNG(seed: UInt64(n) + 1, chain: 1)
            let lows = (0..<n).map { _ in rng.uniform(-3, 3) }
            let widths = (0..<n).map { _ in Glibc.exp(rng.uniform(-30, 30)) }
            let layouts: [(String, [Double], [Double])] = [
                ("scalar", [-2], [5.5]),
                ("per-element lower", lows, [4]),
                ("per-element upper", [-4], lows),
                ("per-element both", lows, zip(lows, widths).map { $0 + $1 }),
            ]
            for (name, lower, upper) in layouts {
                let (y, logJ) = try constrain({ LowerUpperBoundTransform(lower: $0.constant(lower), upper: $0.constant(upper)) }, u)
                var terms: [Double] = []
                for (i, x) in u.enumerated() {
                    let l = lower[lower.count == 1 ? 0 : i], h = upper[upper.count == 1 ? 0 : i], w = h - l
                    let e = Glibc.exp(-abs(x))
                    let s = x >= 0 ? 1 / (1 + e) : e / (1 + e)
                    // l + w s rounds at the scale of |l| + |w s| (cancellation near y = 0); s itself to an ulp or two.
                    XCTAssertLessThanOrEqual(abs(y[i] - (l + w * s)), 3 * (abs(l) + w * s).ulp, "\(name) y[\(i)] at u = \(x)")
                    // l + (h - l) s rounds at the scale of |l| + |h|: past h by that much when h - l is inexact.
                    let slack = 3 * (abs(l) + abs(h)).ulp
                    XCTAssert(y[i] >= l - slack && y[i] <= h + slack, "\(name) y[\(i)] = \(y[i]) outside [\(l), \(h)]")
                    terms.append(Glibc.log(w) - abs(x) - 2 * Glibc.log1p(e))
                }
                let reference = compensatedSum(terms)
                XCTAssertLessThanOrEqual(abs(logJ - reference), 4 * reference.ulp,
                                         "\(name) n = \(n): \(logJ) vs \(reference), \((logJ - reference) / reference.ulp) ulp")
            }
        }
    }

    /// Per-element bounds whose width is zero, negative, subnormal or infinite take the C library's log of it.
    func testPerElementBoundsWithIrregularWidthsFollowTheLibraryLog() throws {
        let n = 300
        let u = inputs(count: n, scale: 2, seed: 5)
        var lower = (0..<n).map { Double($0 % 7) }
        lower[260] = 0
        var upper = lower.map { $0 + 1.5 }
        let (_, regular) = try constrain({ LowerUpperBoundTransform(lower: $0.constant(lower), upper: $0.constant(upper)) }, u)
        upper[260] = 5e-324
        let (y, subnormal) = try constrain({ LowerUpperBoundTransform(lower: $0.constant(lower), upper: $0.constant(upper)) }, u)
        XCTAssert(y[260] >= 0 && y[260] <= 5e-324)
        XCTAssertEqual(subnormal, regular - Glibc.log(1.5) + Glibc.log(5e-324), accuracy: 1e-9 * abs(regular))
        upper[261] = lower[261]
        XCTAssertEqual(try constrain({ LowerUpperBoundTransform(lower: $0.constant(lower), upper: $0.constant(upper)) }, u).logJ,
                       -.infinity)
        upper[262] = lower[262] - 1
        XCTAssert(try constrain({ LowerUpperBoundTransform(lower: $0.constant(lower), upper: $0.constant(upper)) }, u).logJ.isNaN)
        lower[262] = -.infinity
        upper[261] = lower[261] + 1
        XCTAssertEqual(try constrain({ LowerUpperBoundTransform(lower: $0.constant(lower), upper: $0.constant(upper)) }, u).logJ,
                       .infinity)
    }

    func testLogisticBoundKeepsNaNAndInfinitiesVisible() throws {
        var u = inputs(count: 300, scale: 3, seed: 3)
        u[270] = .nan
        let make: (Graph) -> any ParameterTransform = { LowerUpperBoundTransform(lower: $0.constant(1), upper: $0.constant(4)) }
        let (y, logJ) = try constrain(make, u)
        XCTAssert(logJ.isNaN)
        XCTAssert(y[270].isNaN)
        XCTAssertEqual(y.enumerated().filter { $0.element.isNaN }.map(\.offset), [270])
        u[270] = .infinity
        u[271] = -.infinity
        let (yInf, jInf) = try constrain(make, u)
        XCTAssertEqual(jInf, -.infinity)
        XCTAssertEqual(yInf[270], 4)
        XCTAssertEqual(yInf[271], 1)
    }

    /// Gradient of log J + Σ c_i y_i (c fixed weights) against central finite differences, over more than one tile
    /// (the transform runs tile by tile, fused with the weighted sum), for each layout of the bounds.
    func testGradientsMatchCentralFiniteDifferencesOverTiles() throws {
        let n = 1_100
        var rng = ChainRNG(seed: 29, chain: 0)
        let u = (0..<n).map { _ in rng.uniform(-4, 4) }
        let c = (0..<n).map { _ in rng.uniform(-1, 1) }
        let lowers = (0..<n).map { 0.5 * Double($0 % 5) - 1 }
        let makes: [(String, (Graph) -> any ParameterTransform)] = [
            ("lower_upper", { LowerUpperBoundTransform(lower: $0.constant(-1), upper: $0.constant(2)) }),
            ("lower_upper per element", { LowerUpperBoundTransform(lower: $0.constant(lowers), upper: $0.constant(lowers.map { $0 + 3 })) }),
            ("lower_upper, upper per element", { LowerUpperBoundTransform(lower: $0.constant(-2), upper: $0.constant(lowers)) }),
        ]
        for (name, make) in makes {
            let g = Graph()
            let p = g.parameterInput(count: n)
            let (value, logJ) = make(g).constrain(p, constrainedCount: n, in: g)
            let target = g.addScalars([logJ, sum(value * g.constant(c))])
            try g.validate()
            let ev = GraphEvaluator(graph: g, target: target.slot)
            var grad = [Double](repeating: 0, count: n)
            let lp = try ev.valueAndGradient(at: u, gradient: &grad)
            XCTAssertEqual(lp, try ev.forward(at: u), accuracy: 1e-9 * abs(lp), name)
            // The target sums 1,100 terms of up to ~50: its rounding (~1e-11) over the step 2h (>= 2e-6) sets the
            // absolute tolerance; a wrong derivative is off by O(0.1).
            try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: u,
                                                 relativeTolerance: 1e-6, absoluteTolerance: 1e-4, name)
        }
    }
}
