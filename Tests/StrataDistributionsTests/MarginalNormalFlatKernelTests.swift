// The vectorised marginal normal with a flat prior (the C kernel behind MarginalNormalFlatLpdfOp) against mpmath,
// the exact scalar term and finite differences, in every regime and in every argument layout.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class MarginalNormalFlatKernelTests: XCTestCase {
    /// [y, a, b, s, L, U] and log ∫_L^U N(y | aθ + b, s) dθ with its partials in a, b and s, from mpmath at 80 digits
    /// and more (log(Q(lo) − Q(hi)) by erfc; Reference/make_marginal_flat_reference.py). Regimes in order: a widget,
    /// straddling 0 (wide, narrow, moderate), upper tail at z = 5, 17, 30, 40, lower tail at z = −38, z = 2e4, a
    /// near-narrow far tail, narrow (δ = 1e-4 at z = 3; δ = 0.3), a → 0, negative slopes, a wide interval.
    static let reference: [([Double], [Double])] = [
        ([0.2571905163936866, 0.0117, 0.0, 0.11262588301551467, 0.0, 10.0], [2.0986437744510314083, 85.614444065293192365, 14.371369524484993182, 15.045306712396053552]),
        ([1.1, 0.7, 0.2, 0.3, 0.0, 5.0], [0.35532413397398424797, -1.4285714285714283361, -0.014792796807085464917, -0.044378390421257160817]),
        ([2e-05, 5e-05, 0.0, 0.1, 0.0, 10.0], [3.6862279661226963438, -0.1566661719450217829, -0.022999952083373262464, -9.9999262669044436087]),
        ([0.03, 0.1, 0.0, 0.1, 0.0, 10.0], [1.8211749314055644131, -9.9999999999999994446, -6.1722085361273442531, -1.8516625608382031049]),
        ([-0.5, 0.01, 0.0, 0.1, 0.0, 10.0], [-10.463275910541360567, -97.873073990460460378, -51.831470904771729608, 258.94466192290467991]),
        ([-1.7, 0.01, 0.0, 0.1, 0.0, 10.0], [-143.65041248871599148, -99.999957166312440678, -170.5842329086532692, 2.899931955163736584e+3]),
        ([-3.0, 0.01, 0.0, 0.1, 0.0, 10.0], [-449.71607377035511067, -99.99999999982953859, -300.33259667433618835, 9.0099779002300681045e+3]),
        ([-4.0, 0.02, 0.0, 0.1, 0.0, 10.0], [-800.69641900832555326, -49.999999999999998959, -400.24968847207259282, 1.6009987538882902824e+4]),
        ([3.8, 0.02, 0.0, 0.1, -10.0, 0.0], [-722.6451930133918363, -49.999999999999998959, 380.26279466575862994, 1.444998619729882646e+4]),
        ([-2.0, 0.001, 0.0, 0.0001, 0.0, 10.0], [-2.0000000391467079009e+8, -999.99999999999997918, -2.0000000049999997833e+8, 4.0000000099999993749e+12]),
        ([-3.0, 0.0002, 0.0, 0.1, 0.0, 10.0], [-446.59887001463680939, -1.3514144211272287382e+3, -300.09005634726047944, 8.9954045192600683414e+3]),
        ([-0.3, 1e-06, 0.0, 0.1, 0.0, 10.0], [-0.81391834513312226618, -149.99583295834511783, -30.000499974999578938, 80.002999883328312494]),
        ([-0.05, 0.003, 0.0, 0.1, 0.0, 10.0], [3.4728164032749826621, -33.700379062528529979, -6.4514266968879367455, -5.7632752796801752079]),
        ([0.7, 1e-12, 0.2, 0.5, 1.0, 4.0], [0.37282093602838237005, 4.9999999999749994449, 1.999999999989999778, -2.000044408916584744e-11]),
        ([0.4, -1.3, 2.0, 0.5, -1.0, 3.0], [-0.26236638024017781282, 0.76916988444316523726, -2.0242200566010734828e-5, -9.352540595908044505e-5]),
        ([5.0, -0.3, 1.0, 0.2, 2.0, 9.0], [-267.35234145253713996, 233.7664874747184341, 115.21657707069255032, 2.6499812726259284975e+3]),
        ([0.0, 1.0, 0.0, 0.01, -5.0, 5.0], [0.0, -1.0, 0.0, 0.0]),
    ]

    /// The op over vectors y, a, b, s, L, U (a, b, s parameters in that order): its value and gradient.
    static func evaluate(_ rows: [[Double]], scalarBounds: Bool = false) throws -> (value: Double, gradient: [Double]) {
        let g = Graph()
        let n = rows.count
        let column = { (j: Int) in rows.map { $0[j] } }
        let a = g.parameterInput(count: n), b = g.parameterInput(count: n), s = g.parameterInput(count: n)
        let lower = scalarBounds ? g.constant(rows[0][4]) : g.constant(column(4))
        let upper = scalarBounds ? g.constant(rows[0][5]) : g.constant(column(5))
        let lp = g.marginalNormalFlatLpdf(y: g.constant(column(0)), a: a, b: b, s: s, lower: lower, upper: upper)
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        var gradient = [Double](repeating: 0, count: 3 * n)
        let value = try ev.valueAndGradient(at: column(1) + column(2) + column(3), gradient: &gradient)
        return (value, gradient)
    }

    func testTermsMatchHighPrecisionReference() throws {
        for (args, expected) in Self.reference {
            let (value, gradient) = try Self.evaluate([args])
            let scale = max(1, abs(expected[1]), abs(expected[2]), abs(expected[3]))
            XCTAssertEqual(value, expected[0], accuracy: 1e-13 * max(1, abs(expected[0])), "value at \(args)")
            for (j, name) in ["a", "b", "s"].enumerated() {
                XCTAssertEqual(gradient[j], expected[j + 1], accuracy: 1e-13 * scale, "d/d\(name) at \(args)")
            }
        }
    }

    /// Random terms in every regime: standardised endpoints from −60 to 60, widths from 1e-9 to 1e3, both signs of a.
    static func randomRows(count: Int, seed: UInt64) -> [[Double]] {
        var rng = ChainRNG(seed: seed, chain: 0)
        return (0..<count).map { i in
            let s = pow(10, rng.uniform(-4, 0)), lower = rng.uniform(-2, 1), upper = lower + pow(10, rng.uniform(-1, 1.5))
            let lo = rng.uniform(-60, 60), width = pow(10, rng.uniform(-9, 3))
            // a chosen so that the standardised width is `width`, y so that the endpoint at `lower` is lo.
            let a = (i % 3 == 0 ? -1 : 1) * width * s / (upper - lower), b = rng.uniform(-1, 1)
            return [a * lower + b - lo * s, a, b, s, lower, upper]
        }
    }

    func testVectorMatchesScalarTermsInEveryRegime() throws {
        let rows = Self.randomRows(count: 3000, seed: 20261130)
        let (value, gradient) = try Self.evaluate(rows)
        var expected = 0.0
        let n = rows.count
        for (i, r) in rows.enumerated() {
            let t = try MarginalNormalFlatTerm(y: r[0], a: r[1], b: r[2], s: r[3], lower: r[4], upper: r[5])
            expected += t.value
            let scale = max(1, abs(t.da), abs(t.db), abs(t.ds))
            XCTAssertEqual(gradient[n + i], t.db, accuracy: 1e-9 * scale, "d/db of \(r)")
            XCTAssertEqual(gradient[2 * n + i], t.ds, accuracy: 1e-9 * scale, "d/ds of \(r)")
            // Between the scalar term's Taylor branch (δ max(1, |mid|) < 1e-3) and the kernel's midpoint series
            // (< 0.5) the scalar d/da cancels -1/a against the rest and loses up to 1e-3 of its value (mpmath
            // agrees with the kernel there to 1e-15: the reference table above, and the finite differences below).
            let width = abs(r[1]) * (r[5] - r[4]) / r[3], mid = (0.5 * r[1] * (r[4] + r[5]) + r[2] - r[0]) / r[3]
            let gap = (1e-3..<0.5).contains(width * max(1, abs(mid)))
            if !gap { XCTAssertEqual(gradient[i], t.da, accuracy: 1e-9 * scale, "d/da of \(r)") }
        }
        XCTAssertEqual(value, expected, accuracy: 1e-12 * abs(expected))
    }

    func testBroadcastLayoutsAgreeWithVectors() throws {
        // Scalar bounds shared by all terms against the same bounds repeated as vectors.
        let rows = Self.randomRows(count: 37, seed: 5).map { r in [r[0], r[1], r[2], r[3], -0.5, 2.0] }
        let vector = try Self.evaluate(rows), broadcast = try Self.evaluate(rows, scalarBounds: true)
        XCTAssertEqual(vector.value, broadcast.value, accuracy: 1e-13 * abs(vector.value))
        for (u, v) in zip(vector.gradient, broadcast.gradient) { XCTAssertEqual(u, v, accuracy: 1e-13 * max(1, abs(u))) }
        // A scalar slope and offset: their adjoints are the sums of the per-term partials.
        let g = Graph()
        let p = g.parameterInput(count: 2)
        let column = { (j: Int) in rows.map { $0[j] } }
        let lp = g.marginalNormalFlatLpdf(y: g.constant(column(0)), a: p[0], b: p[1], s: g.constant(column(3)),
                                          lower: g.constant(-0.5), upper: g.constant(2.0))
        try g.validate()
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        var gradient = [0.0, 0.0]
        let a = rows[0][1], b = rows[0][2]
        let value = try ev.valueAndGradient(at: [a, b], gradient: &gradient)
        let same = try Self.evaluate(rows.map { [$0[0], a, b, $0[3], -0.5, 2.0] })
        let n = rows.count
        XCTAssertEqual(value, same.value, accuracy: 1e-13 * abs(value))
        XCTAssertEqual(gradient[0], same.gradient[0..<n].reduce(0, +), accuracy: 1e-12 * abs(gradient[0]))
        XCTAssertEqual(gradient[1], same.gradient[n..<2 * n].reduce(0, +), accuracy: 1e-12 * abs(gradient[1]))
    }

    func testUncoveredTermsFallBackToTheScalarCode() throws {
        // Infinite bounds among ordinary terms: the kernel leaves them to the scalar term.
        let rows: [[Double]] = [[0.3, 0.7, 0.1, 0.4, 0, 5], [1.0, 0.5, 0.0, 0.3, -Double.infinity, 2],
                                [-0.2, 1.2, 0.3, 0.2, 0, Double.infinity], [0.5, 0.9, -0.1, 0.6, -1, 3]]
        let finite = try Self.evaluate(rows)
        var expected = 0.0
        for (i, r) in rows.enumerated() {
            let t = try MarginalNormalFlatTerm(y: r[0], a: r[1], b: r[2], s: r[3], lower: r[4], upper: r[5])
            expected += t.value
            XCTAssertEqual(finite.gradient[i], t.da, accuracy: 1e-13 * max(1, abs(t.da)))
            XCTAssertEqual(finite.gradient[4 + i], t.db, accuracy: 1e-13 * max(1, abs(t.db)))
            XCTAssertEqual(finite.gradient[8 + i], t.ds, accuracy: 1e-13 * max(1, abs(t.ds)))
        }
        XCTAssertEqual(finite.value, expected, accuracy: 1e-13 * abs(expected))
    }

    func testInvalidArgumentsRaiseTheScalarErrors() throws {
        let rows: [[Double]] = [[0.3, 0.7, 0.1, 0.4, 0, 5], [0.3, 0.7, 0.1, -0.4, 0, 5]]
        XCTAssertThrowsError(try Self.evaluate(rows)) { XCTAssertTrue("\($0)".contains("scale"), "\($0)") }
        let slope: [[Double]] = [[0.3, .nan, 0.1, 0.4, 0, 5], [0.3, 0.7, 0.1, 0.4, 0, 5]]
        XCTAssertThrowsError(try Self.evaluate(slope)) { XCTAssertTrue("\($0)".contains("coefficient"), "\($0)") }
        let improper: [[Double]] = [[0.3, 0.7, 0.1, 0.4, 0, 5], [0.3, 0, 0.1, 0.4, 0, Double.infinity]]
        XCTAssertThrowsError(try Self.evaluate(improper)) { XCTAssertTrue("\($0)".contains("improper"), "\($0)") }
    }

    func testGradientMatchesFiniteDifferencesInEveryRegime() throws {
        // Parameters a, b, log s at the reference table's terms (but z = 2e4, whose value of -2e8 drowns a central
        // difference with step 1e-6 in rounding).
        for (args, expected) in Self.reference where abs(args[1]) > 1e-9 && abs(expected[0]) < 1e4 {
            let g = Graph()
            let p = g.parameterInput(count: 3)
            let lp = g.marginalNormalFlatLpdf(y: g.constant(args[0]), a: p[0], b: p[1], s: exp(p[2]),
                                              lower: g.constant(args[4]), upper: g.constant(args[5]))
            try g.validate()
            let ev = GraphEvaluator(graph: g, target: lp.slot)
            let x = [args[1], args[2], log(args[3])]
            var gradient = [0.0, 0.0, 0.0]
            _ = try ev.valueAndGradient(at: x, gradient: &gradient)
            try FiniteDifferences.assertGradient(gradient, matches: { try ev.forward(at: $0) }, at: x,
                                                 relativeTolerance: 1e-5, absoluteTolerance: 1e-6, "\(args)")
        }
    }
}
