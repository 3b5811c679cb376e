// The pieces of automatic marginalisation: log Φ-differences, the marginal normal op and truncated-normal draws.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class MarginalNormalTests: XCTestCase {
    /// log(Φ(hi) − Φ(lo)) from mpmath at 50 digits: both tails, narrow intervals, infinite bounds.
    static let logMassTable: [(Double, Double, Double)] = [
        (-1.0, 1.0, -0.38171514630212607227),
        (0.5, 2.0, -1.2525070775159305728),
        (-3.0, -2.5, -5.3267647240790622482),
        (5.0, 6.0, -15.068446096529453352),
        (10.0, 10.5, -53.236969371752501624),
        (30.0, 31.0, -454.32124395634325204),
        (38.0, 40.0, -726.5572160188201301),
        (45.0, Double.infinity, -1017.2260942419523707),
        (-Double.infinity, -50.0, -1254.8313611394199013),
        (-Double.infinity, -8.0, -35.013437159914549896),
        (8.0, Double.infinity, -35.013437159914549896),
        (1.0, 1.0000001, -17.537034233579126632),
        (-2.0, -1.999999999, -23.642204286410716239),
        (20.0, 20.000001, -214.73445909012450074),
        (-0.3, 0.2, -1.6236832388683199952),
        (-Double.infinity, Double.infinity, 0.0),
        (3.0, 3.0001, -14.629428903095287152),
        (-40.0, -39.99, -805.31746926983561218),
    ]

    func testLogMassMatchesHighPrecisionReference() {
        for (lo, hi, expected) in Self.logMassTable {
            let v = NormalIntervalMass.logMass(lo, hi).value
            XCTAssertEqual(v, expected, accuracy: 2e-12 * max(1, abs(expected)), "log mass of [\(lo), \(hi)]")
        }
    }

    func testLogMassPartialsMatchFiniteDifferences() throws {
        for (lo, hi) in [(-1.0, 1.0), (0.5, 2.0), (5.0, 6.0), (-7.0, -6.2), (30.0, 31.0), (-0.3, 0.2), (3.0, 3.0001),
                         (2.0, 2.0002)] {
            let r = NormalIntervalMass.logMass(lo, hi)
            // Central differences with a step well inside the interval's width.
            let h = 1e-3 * min(1, hi - lo)
            let f = { (l: Double, u: Double) in NormalIntervalMass.logMass(l, u).value }
            let numeric = [(f(lo + h, hi) - f(lo - h, hi)) / (2 * h), (f(lo, hi + h) - f(lo, hi - h)) / (2 * h)]
            let scale = max(abs(r.dLo), abs(r.dHi))
            XCTAssertEqual(r.dLo, numeric[0], accuracy: 2e-5 * scale + 1e-7, "d/dlo at [\(lo), \(hi)]")
            XCTAssertEqual(r.dHi, numeric[1], accuracy: 2e-5 * scale + 1e-7, "d/dhi at [\(lo), \(hi)]")
        }
    }

    /// log ∫_L^U N(y | aθ + b, s) dθ by mpmath quadrature: [y, a, b, s, L, U] and the value.
    static let marginalTable: [([Double], Double)] = [
        ([1.1, 0.7, 0.2, 0.3, 0.0, 5.0], 0.355324133973984248),
        ([0.4, -1.3, 2.0, 0.5, -1.0, 3.0], -0.262366380240177813),
        ([2.0, 0.05, 0.1, 0.2, 0.0, 10.0], -24.3885752260770844),
        ([0.9, 2.0, 0.0, 0.001, 0.0, 1.0], -0.693147180559945309),
        ([-3.0, 1.5, 0.5, 0.8, -Double.infinity, Double.infinity], -0.405465108108164382),
        ([5.0, 0.9, 0.0, 0.5, 0.0, Double.infinity], 0.105360515657826277),
        // Far tail (w from 17 to 37), where quadrature is unreliable: mpmath's closed form log(Q(17) − Q(37)).
        ([0.3, 1.0, 0.0, 0.1, 2.0, 4.0], -148.25558265098038988),
    ]

    func testMarginalMatchesQuadrature() throws {
        for (args, expected) in Self.marginalTable {
            let g = Graph()
            let c = args.map { g.constant($0) }
            let lp = g.marginalNormalFlatLpdf(y: c[0], a: c[1], b: c[2], s: c[3], lower: c[4], upper: c[5])
            try g.validate()
            XCTAssertEqual(g.initialValues[lp.slot.offset], expected, accuracy: 1e-10 * max(1, abs(expected)), "\(args)")
        }
    }

    func testVanishingSlopeTendsToTheFlatLimit() throws {
        // a → 0: ∫_L^U N(y | b, s) dθ = (U − L) N(y | b, s).
        let g = Graph()
        let y = 0.7, b = 0.2, s = 0.5, lo = 1.0, hi = 4.0
        let expected = log(hi - lo) - 0.5 * pow((y - b) / s, 2) - log(s) - 0.9189385332046727
        for a in [0.0, 1e-300, 1e-12] {
            let lp = g.marginalNormalFlatLpdf(y: g.constant(y), a: g.constant(a), b: g.constant(b), s: g.constant(s),
                                              lower: g.constant(lo), upper: g.constant(hi))
            try g.validate()
            XCTAssertEqual(g.initialValues[lp.slot.offset], expected, accuracy: 1e-9, "a = \(a)")
        }
    }

    func testMarginalGradientsMatchFiniteDifferences() throws {
        // Parameters: a (either sign), b, log s; data y and bounds, finite or not.
        let points: [[Double]] = [[0.7, 0.2, log(0.3)], [-1.3, 2.0, log(0.5)], [0.05, 0.1, log(0.2)], [2.0, -0.4, log(0.01)],
                                  [1e-5, 0.3, log(0.4)], [-2e-6, 0.1, log(2.0)]]
        for bounds in [(0.0, 5.0), (-Double.infinity, 3.0), (0.0, Double.infinity)] {
            // Near a = 0 the half-line integrals behave like −log|a|, beyond a finite difference's reach.
            for x in points where bounds.0.isFinite && bounds.1.isFinite || abs(x[0]) > 1e-3 {
                let g = Graph()
                let p = g.parameterInput(count: 3)
                let lp = g.marginalNormalFlatLpdf(y: g.constant([1.1, 0.4, -0.2]), a: p[0], b: p[1], s: exp(p[2]),
                                                  lower: g.constant(bounds.0), upper: g.constant(bounds.1))
                try g.validate()
                let ev = GraphEvaluator(graph: g, target: lp.slot)
                var grad = [Double](repeating: 0, count: 3)
                _ = try ev.valueAndGradient(at: x, gradient: &grad)
                try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x,
                                                     relativeTolerance: 1e-5, absoluteTolerance: 1e-5, "bounds \(bounds), x \(x)")
            }
        }
    }

    /// Exact mean and variance of N(0, 1) truncated to [lo, hi].
    static func truncatedMoments(_ lo: Double, _ hi: Double) -> (mean: Double, variance: Double) {
        let g = NormalIntervalMass.logMass(lo, hi).value
        let pl = lo.isFinite ? exp(NormalIntervalMass.logDensity(lo) - g) : 0
        let ph = hi.isFinite ? exp(NormalIntervalMass.logDensity(hi) - g) : 0
        let mean = pl - ph
        let variance = 1 + (lo.isFinite ? lo * pl : 0) - (hi.isFinite ? hi * ph : 0) - mean * mean
        return (mean, variance)
    }

    func testTruncatedNormalDrawsHaveTheExactMoments() {
        var rng = ChainRNG(seed: 20261129, chain: 0)
        let n = 20_000
        for (lo, hi) in [(-1.0, 1.0), (-0.05, 0.05), (0.3, 0.6), (2.0, Double.infinity), (8.0, 9.0), (-Double.infinity, -5.0),
                         (40.0, 40.01), (-3.0, Double.infinity), (-0.2, 6.0)] {
            var sum = 0.0, sumSq = 0.0
            var outside = 0
            for _ in 0..<n {
                let z = TruncatedNormalSampler.standard(lo: lo, hi: hi, rng: &rng)
                if z < lo || z > hi { outside += 1 }
                sum += z; sumSq += z * z
            }
            let mean = sum / Double(n), variance = sumSq / Double(n) - mean * mean
            let exact = Self.truncatedMoments(lo, hi)
            XCTAssertEqual(outside, 0, "[\(lo), \(hi)]")
            XCTAssertEqual(mean, exact.mean, accuracy: 5 * (exact.variance / Double(n)).squareRoot(), "mean on [\(lo), \(hi)]")
            XCTAssertEqual(variance, exact.variance, accuracy: 8 * exact.variance * (2 / Double(n)).squareRoot(),
                           "variance on [\(lo), \(hi)]")
        }
    }

    func testFarTailDrawsFollowTheTruncatedCDF() {
        // Kolmogorov–Smirnov against F(z) = exp(logMass(lo, z) − logMass(lo, hi)) on [8, 9].
        var rng = ChainRNG(seed: 7, chain: 3)
        let lo = 8.0, hi = 9.0, n = 10_000
        let total = NormalIntervalMass.logMass(lo, hi).value
        let draws = (0..<n).map { _ in TruncatedNormalSampler.standard(lo: lo, hi: hi, rng: &rng) }.sorted()
        var d = 0.0
        for (i, z) in draws.enumerated() {
            let f = z <= lo ? 0 : exp(NormalIntervalMass.logMass(lo, z).value - total)
            d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        XCTAssertLessThan(d, 1.63 / Double(n).squareRoot(), "KS statistic (1% critical value)")
    }

    func testConditionalDrawsCentreOnTheConditionalMean() {
        // θ | y ~ N((y − b)/a, (s/|a|)²) truncated to [0, 10]; with a narrow likelihood the draws average to its mean.
        let g = Graph()
        let latent = g.latent(count: 2, initial: 5)
        let y = g.constant([1.0, 2.0]), a = g.constant([0.5, -0.25]), b = g.constant(0.0), s = g.constant(0.01)
        let draw = MarginalNormalFlatConditional(latent: latent.slot, positions: [1, 0], y: y.slot, a: a.slot, b: b.slot,
                                                 s: s.slot, lower: g.constant(0).slot, upper: g.constant(10).slot, count: 2)
        let ev = GraphEvaluator(graph: g, target: g.constant(0).slot)
        var rng = ChainRNG(seed: 1, chain: 0, stream: 1)
        var sums = [0.0, 0.0]
        for _ in 0..<2000 {
            ev.withArena { draw.draw($0, rng: &rng) }
            let v = ev.values(of: latent.slot)
            sums[0] += v[0]; sums[1] += v[1]
        }
        // term 0 (y = 1, a = 0.5) writes element 1; term 1 (y = 2, a = −0.25) has its mean at −8, outside [0, 10].
        XCTAssertEqual(sums[1] / 2000, 2.0, accuracy: 0.02 * 4 / 2000.squareRoot())
        XCTAssertEqual(sums[0] / 2000, 0.0, accuracy: 0.01)
        XCTAssertGreaterThanOrEqual(sums[0], 0)
    }
}

/// Random effects integrated out group by group.
final class MarginalNormalGroupsTests: XCTestCase {
    func testOneObservationPerGroupIsTheNormalConvolution() throws {
        // θ_j ~ N(m, τ), y_j ~ N(a_j θ_j + b_j, s_j)  ⇒  y_j ~ N(a_j m + b_j, sqrt(a_j² τ² + s_j²)).
        let g = Graph()
        let y = [1.0, -0.5, 2.0], a = [0.7, -1.2, 2.0], b = [0.1, 0.0, -0.3], s = [0.5, 1.5, 0.2], m = 0.4, tau = 1.3
        let latent = g.latent(count: 3, initial: 0)
        let (lp, _) = g.marginalNormalGroupsLpdf(y: g.constant(y), a: g.constant(a), b: g.constant(b), s: g.constant(s),
                                                 group: [0, 1, 2], priorMean: g.constant(m), priorScale: g.constant(tau),
                                                 latent: latent)
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        var expected = 0.0
        for j in 0..<3 {
            let sd = (a[j] * a[j] * tau * tau + s[j] * s[j]).squareRoot()
            let z = (y[j] - a[j] * m - b[j]) / sd
            expected += -0.5 * z * z - log(sd) - 0.9189385332046727
        }
        XCTAssertEqual(try ev.forward(at: []), expected, accuracy: 1e-12)
    }

    func testGroupsMatchNumericalIntegration() throws {
        // Two groups of 3 and 2 observations plus an empty group, against Simpson's rule over each θ_j.
        let y = [1.0, 1.4, 0.6, -2.0, -1.5], a = [1.0, 0.8, 1.1, 0.5, 0.7], b = [0.2, 0.1, 0.0, -0.4, 0.3]
        let s = [0.6, 0.4, 0.9, 0.3, 0.5], group = [0, 0, 0, 2, 2], m = [0.1, 5.0, -0.7], tau = [0.8, 2.0, 1.5]
        let g = Graph()
        let latent = g.latent(count: 3, initial: 0)
        let (lp, _) = g.marginalNormalGroupsLpdf(y: g.constant(y), a: g.constant(a), b: g.constant(b), s: g.constant(s),
                                                 group: group, priorMean: g.constant(m), priorScale: g.constant(tau),
                                                 latent: latent)
        try g.validate()
        var expected = 0.0
        for j in [0, 2] {
            let steps = 20_000, lo = m[j] - 12 * tau[j], hi = m[j] + 12 * tau[j], h = (hi - lo) / Double(steps)
            var integral = 0.0
            for k in 0...steps {
                let theta = lo + Double(k) * h
                var logf = -0.5 * pow((theta - m[j]) / tau[j], 2) - log(tau[j]) - 0.9189385332046727
                for n in 0..<y.count where group[n] == j {
                    logf += -0.5 * pow((y[n] - a[n] * theta - b[n]) / s[n], 2) - log(s[n]) - 0.9189385332046727
                }
                integral += (k == 0 || k == steps ? 1 : (k % 2 == 1 ? 4 : 2)) * exp(logf)
            }
            expected += log(integral * h / 3)
        }
        XCTAssertEqual(try GraphEvaluator(graph: g, target: lp.slot).forward(at: []), expected, accuracy: 1e-9)
    }

    func testGradientsMatchFiniteDifferences() throws {
        // Parameters: a scalar slope (σ_a), an offset (μ), log s, the prior mean vector and log τ.
        let group = [0, 1, 1, 2, 0, 1]
        let g = Graph()
        let p = g.parameterInput(count: 7)
        let x = g.constant([0.3, -1.0, 0.5, 2.0, 1.1, -0.2])
        let latent = g.latent(count: 3, initial: 0)
        let (lp, _) = g.marginalNormalGroupsLpdf(y: g.constant([1.0, 0.2, -0.4, 2.2, 0.9, 0.0]), a: p[0], b: p[1] + x * p[2],
                                                 s: exp(p[3]), group: group, priorMean: p[4..<7], priorScale: exp(p[3] * 0.5),
                                                 latent: latent)
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        for point in [[0.8, 0.1, 0.4, -0.3, 0.2, -0.5, 1.0], [-1.5, 0.6, -0.2, 0.4, 1.0, 0.0, -2.0]] {
            var grad = [Double](repeating: 0, count: 7)
            _ = try ev.valueAndGradient(at: point, gradient: &grad)
            try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: point)
        }
    }

    func testConditionalDrawsHaveThePosteriorMoments() throws {
        // One group, two observations: θ | y ~ N(m + τ² S_ar / c, τ² / c).
        let g = Graph()
        let latent = g.latent(count: 1, initial: 0)
        let y = [1.0, 2.0], a = [1.0, 0.5], s = [0.5, 0.25], m = 0.3, tau = 2.0
        let (lp, draw) = g.marginalNormalGroupsLpdf(y: g.constant(y), a: g.constant(a), b: g.constant(0), s: g.constant(s),
                                                    group: [0, 0], priorMean: g.constant(m), priorScale: g.constant(tau),
                                                    latent: latent)
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        _ = try ev.forward(at: [])
        let precision = 1 / (tau * tau) + a[0] * a[0] / (s[0] * s[0]) + a[1] * a[1] / (s[1] * s[1])
        let mean = (m / (tau * tau) + a[0] * y[0] / (s[0] * s[0]) + a[1] * y[1] / (s[1] * s[1])) / precision
        var rng = ChainRNG(seed: 5, chain: 0, stream: 1)
        let n = 20_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n {
            ev.withArena { draw.draw($0, rng: &rng) }
            let v = ev.values(of: latent.slot)[0]
            sum += v; sumSq += v * v
        }
        let sd = (1 / precision).squareRoot()
        XCTAssertEqual(sum / Double(n), mean, accuracy: 5 * sd / Double(n).squareRoot())
        XCTAssertEqual(sumSq / Double(n) - pow(sum / Double(n), 2), sd * sd, accuracy: 8 * sd * sd * (2 / Double(n)).squareRoot())
    }
}
