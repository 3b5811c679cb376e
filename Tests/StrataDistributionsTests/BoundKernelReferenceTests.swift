// The bound transforms' vector kernels against straightforward scalar references: values, log-Jacobians (extreme and
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

    func testLogisticBoundMatchesScalarReferenceAtExtremesAndChunkTails() throws {
        let (l, w) = (-2.0, 7.5)
        for (n, scale) in [(15, 1.0), (257, 6.0), (1_031, 40.0), (2_600, 800.0)] {
            let u = inputs(count: n, scale: scale, seed: UInt64(n))
            let (y, logJ) = try constrain({ LowerUpperBoundTransform(lower: $0.constant(l), upper: $0.constant(l + w)) }, u)
            var terms: [Double] = []
            for (i, x) in u.enumerated() {
                let e = Glibc.exp(-abs(x))
                let s = x >= 0 ? 1 / (1 + e) : e / (1 + e)
                // l + w s rounds at the scale of |l| + |w s| (cancellation near y = 0); s itself to an ulp or two.
                XCTAssertLessThanOrEqual(abs(y[i] - (l + w * s)), 3 * (abs(l) + w * s).ulp, "y[\(i)] at u = \(x)")
                XCTAssert(y[i] >= l && y[i] <= l + w, "y[\(i)] = \(y[i]) outside the bounds")
                terms.append(Glibc.log(w) - abs(x) - 2 * Glibc.log1p(e))
            }
            let reference = compensatedSum(terms)
            XCTAssertLessThanOrEqual(abs(logJ - reference), 4 * reference.ulp, "n = \(n): \(logJ) vs \(reference), \((logJ - reference) / reference.ulp) ulp")
        }
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

    func testExpBoundsMatchScalarReferenceAtExtremesAndChunkTails() throws {
        for (n, scale) in [(15, 1.0), (263, 5.0), (1_100, 300.0)] {
            var u = inputs(count: n, scale: scale, seed: UInt64(n) + 7)
            // exp overflows past 709.78: keep the inputs where both bounds stay finite except one.
            u = u.map { $0 > 709 ? 709 : $0 }
            u[2] = 709.9
            let lowers = (0..<n).map { 0.25 * Double($0 % 9) - 1 }
            for (name, sign, perElement) in [("lower", 1.0, false), ("lower", 1.0, true), ("upper", -1.0, false), ("upper", -1.0, true)] {
                let bound = perElement ? lowers : [1.5]
                let make: (Graph) -> any ParameterTransform = sign > 0
                    ? { LowerBoundTransform(lower: $0.constant(bound)) } : { UpperBoundTransform(upper: $0.constant(bound)) }
                let (y, logJ) = try constrain(make, u)
                for (i, x) in u.enumerated() {
                    let b = bound[perElement ? i : 0], e = Glibc.exp(x)
                    let ref = b + sign * e
                    if e.isInfinite { XCTAssertEqual(y[i], ref, "\(name) y[\(i)]"); continue }
                    // exp to two ulp, then one rounding of the sum at the scale of |b| + e.
                    XCTAssertLessThanOrEqual(abs(y[i] - ref), 2 * e.ulp + (abs(b) + e).ulp, "\(name) y[\(i)] at u = \(x)")
                }
                let reference = compensatedSum(u)
                XCTAssertEqual(logJ, reference, accuracy: 4 * reference.ulp + Double(n) * 1e-16 * u.map(abs).max()!,
                               "\(name) n = \(n)")
            }
        }
        let (y, logJ) = try constrain({ LowerBoundTransform(lower: $0.constant(0)) }, [0.5, .nan, -1, -.infinity])
        XCTAssert(logJ.isNaN)
        XCTAssert(y[1].isNaN)
        XCTAssertEqual(y[3], 0)
        XCTAssertEqual(y[2], Glibc.exp(-1), accuracy: 2 * Glibc.exp(-1).ulp)
    }

    /// Gradient of log J + Σ c_i y_i (c fixed weights) against central finite differences, over more than one tile
    /// (the transforms run tile by tile, fused with the weighted sum), for each bound transform.
    func testGradientsMatchCentralFiniteDifferencesOverTiles() throws {
        let n = 1_100
        var rng = ChainRNG(seed: 29, chain: 0)
        let u = (0..<n).map { _ in rng.uniform(-4, 4) }
        let c = (0..<n).map { _ in rng.uniform(-1, 1) }
        let lowers = (0..<n).map { 0.5 * Double($0 % 5) - 1 }
        let makes: [(String, (Graph) -> any ParameterTransform)] = [
            ("lower_upper", { LowerUpperBoundTransform(lower: $0.constant(-1), upper: $0.constant(2)) }),
            ("lower_upper per element", { LowerUpperBoundTransform(lower: $0.constant(lowers), upper: $0.constant(lowers.map { $0 + 3 })) }),
            ("lower", { LowerBoundTransform(lower: $0.constant(0.5)) }),
            ("lower per element", { LowerBoundTransform(lower: $0.constant(lowers)) }),
            ("upper", { UpperBoundTransform(upper: $0.constant(3)) }),
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
