// Affine-location fusion: a normal whose mean is a sum of scalar × (gathered) vector terms, computed in one node, gives
// the unfused graph's values and gradients bit for bit, on several shapes and lengths, and matches finite differences.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class AffineLocationFusionTests: XCTestCase {
    /// A graph, its target, its dimension and how many nodes fusion should absorb.
    private typealias Case = (graph: Graph, target: Slot, dimension: Int, absorbed: Int)

    private func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }

    /// Data vector of length n with a pattern that depends on `seed`.
    private func data(_ g: Graph, _ n: Int, _ seed: Double) -> Expr {
        g.constant((0..<n).map { Foundation.sin(Double($0) * 0.7 + seed) * 1.5 + seed })
    }

    /// Indices into `groups` with repeats (and, past 3 groups, some groups never used).
    private func index(_ n: Int, _ groups: Int) -> [Int] { (0..<n).map { ($0 * 5 + $0 / 3) % max(1, groups - 1) } }

    /// radon's shape: y ~ normal(a + s * v[group] + b * x, sigma), every scalar a parameter, sigma = exp(.).
    private func radon(_ n: Int) throws -> Case {
        let g = Graph(), groups = 13
        let a = g.parameterInput(count: 1), s = g.parameterInput(count: 1), v = g.parameterInput(count: groups)
        let b = g.parameterInput(count: 1), ls = g.parameterInput(count: 1)
        let mu = a + s * g.gather(v, index: index(n, groups)) + b * data(g, n, 0.3)
        let lp = g.addScalars([g.normalLpdf(data(g, n, 1.1), mu, exp(ls), propto: true), g.normalLpdf(v, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, groups + 4, 5)
    }

    /// No gather, a subtracted term, a vector parameter term and a data scale vector: y ~ normal(w - a * x + z * b, sd).
    private func ungathered(_ n: Int) throws -> Case {
        let g = Graph()
        let w = g.parameterInput(count: n), a = g.parameterInput(count: 1), b = g.parameterInput(count: 1)
        let mu = w - a * data(g, n, 0.2) + data(g, n, 0.9) * b
        let sd = g.constant((0..<n).map { 0.5 + Double($0 % 4) * 0.25 })
        let lp = g.addScalars([g.normalLpdf(data(g, n, 2), mu, sd), g.normalLpdf(w, g.constant(0), g.constant(2))])
        try g.validate()
        return (g, lp.slot, n + 2, 4)
    }

    /// A parameter outcome, a gathered term first, a product of two gathers of the same vector (repeated indices) and
    /// a parameter vector scale: y ~ normal(u[i] + u[i] .* u[j] - c, sigma) with y, sigma parameter vectors.
    private func twoGathers(_ n: Int) throws -> Case {
        let g = Graph(), groups = 5
        let u = g.parameterInput(count: groups), y = g.parameterInput(count: n), ls = g.parameterInput(count: n)
        let c = g.parameterInput(count: 1)
        let i = index(n, groups), j = i.map { ($0 * 3 + 1) % groups }
        let mu = g.gather(u, index: i) + g.gather(u, index: i) * g.gather(u, index: j) - c
        let lp = g.addScalars([g.normalLpdf(y, mu, exp(ls)), g.normalLpdf(u, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, groups + 2 * n + 1, 6)
    }

    /// Data outcome and location product of a gathered parameter and a data vector, data scalar scale, full density:
    /// y ~ normal(v[i] .* x + a, 0.7) with lpdf (constants kept).
    private func gatheredTimesData(_ n: Int) throws -> Case {
        let g = Graph(), groups = 9
        let v = g.parameterInput(count: groups), a = g.parameterInput(count: 1)
        let mu = g.gather(v, index: index(n, groups)) * data(g, n, 0.4) + a
        let lp = g.addScalars([g.normalLpdf(data(g, n, 0.1), mu, g.constant(0.7)), g.normalLpdf(v, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, groups + 1, 3)
    }

    /// The widget model's shape: y ~ normal(N .* exp(-a * dt), sigma), N = 0 + 10 logistic(u) (a bounded parameter
    /// vector with its log Jacobian), dt and sigma data: the product, the exp and the scalar × data product fused.
    private func decay(_ n: Int) throws -> Case {
        let g = Graph()
        let a = g.parameterInput(count: 1), u = g.parameterInput(count: n)
        let (amount, logJacobian) = LowerUpperBoundTransform(lower: g.constant(0), upper: g.constant(10))
            .constrain(u, constrainedCount: n, in: g)
        let mu = amount * exp(-a * data(g, n, 1.7))
        let sigma = g.constant((0..<n).map { 0.3 + Double($0 % 5) * 0.1 })
        let lp = g.addScalars([g.normalLpdf(data(g, n, 0.4), mu, sigma, propto: true), logJacobian,
                               g.normalLpdf(a, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, n + 1, 3)
    }

    /// Exponential factors in every position: one alone (data on the left of the product), the first of a
    /// subtracted product, and a parameter vector's exponential (not fused: only data vectors are):
    /// y ~ normal(exp(x * s) - exp(b * z) .* w + exp(c * w), sd).
    private func exponentials(_ n: Int) throws -> Case {
        let g = Graph()
        let s = g.parameterInput(count: 1), b = g.parameterInput(count: 1), c = g.parameterInput(count: 1)
        let w = g.parameterInput(count: n)
        let own = exp(c * w)  // recorded first: a fused chain's leaves are not written between its nodes
        let mu = exp(data(g, n, 0.2) * s) - exp(b * data(g, n, 0.6)) * w + own
        let lp = g.addScalars([g.normalLpdf(data(g, n, 1.3), mu, g.constant(1.5)), g.normalLpdf(w, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, n + 3, 7)
    }

    /// The one-pass Gaussian kernel's shapes beyond radon's: a gathered term first, a subtracted scalar × parameter
    /// vector, and the scale itself as a coefficient: y ~ normal(u[i] - e * z + sigma * x, sigma), sigma = exp(.).
    private func gaussianShapes(_ n: Int) throws -> Case {
        let g = Graph(), groups = 7
        let u = g.parameterInput(count: groups), e = g.parameterInput(count: 1), z = g.parameterInput(count: n)
        let ls = g.parameterInput(count: 1)
        let sigma = exp(ls)
        let mu = g.gather(u, index: index(n, groups)) - e * z + sigma * data(g, n, 0.6)
        let lp = g.addScalars([g.normalLpdf(data(g, n, 1.3), mu, sigma, propto: true),
                               g.normalLpdf(u, g.constant(0), g.constant(1)), g.normalLpdf(z, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, groups + n + 2, 5)
    }

    /// A data coefficient on a gathered vector, a subtracted scalar and a plain parameter vector, a data scale and
    /// the full density: y ~ normal(1.7 * u[i] - a + z, 0.9).
    private func gaussianDataCoefficient(_ n: Int) throws -> Case {
        let g = Graph(), groups = 4
        let u = g.parameterInput(count: groups), a = g.parameterInput(count: 1), z = g.parameterInput(count: n)
        let mu = g.constant(1.7) * g.gather(u, index: index(n, groups)) - a + z
        let lp = g.addScalars([g.normalLpdf(data(g, n, 0.2), mu, g.constant(0.9)),
                               g.normalLpdf(u, g.constant(0), g.constant(1)), g.normalLpdf(z, g.constant(0), g.constant(1))])
        try g.validate()
        return (g, lp.slot, groups + n + 1, 4)
    }

    /// `differences`: also compare the gradient with central differences (at lengths where the log density is small
    /// enough for a step of 1e-6 to resolve it to 1e-6); `gaussianPass`: whether the node must fit the one-pass Gaussian kernel.
    private func check(_ name: String, _ c: Case, threads: [Int?] = [nil, 2], differences: Bool = true,
                       gaussianPass: Bool? = nil, exponentialPass: Bool? = nil) throws {
        let x = (0..<c.dimension).map { Foundation.cos(Double($0) * 0.41) * 0.8 }
        for t in threads {
            let label = "\(name), threads \(String(describing: t))"
            let fused = GraphEvaluator(graph: c.graph, target: c.target, threadsPerChain: t, scalarTapes: true,
                                       minimumAffineLocationCount: 1)
            let plain = GraphEvaluator(graph: c.graph, target: c.target, threadsPerChain: t, scalarTapes: true,
                                       affineLocations: false)
            XCTAssertEqual(fused.fusedLocationCount, 1, "\(label): the location must be fused, or this test proves nothing")
            XCTAssertEqual(plain.fusedLocationCount, 0, label)
            if let gaussianPass {
                let node = fused.replayedOperations.compactMap { $0 as? AffineLocationOp }.first
                XCTAssertEqual(node?.fitsGaussianPass, gaussianPass, "\(label): the one-pass Gaussian kernel")
            }
            if let exponentialPass {
                let node = fused.replayedOperations.compactMap { $0 as? AffineLocationOp }.first
                XCTAssertEqual(node?.fitsExponentialPass, exponentialPass, "\(label): the one-pass exponential kernel")
            }
            XCTAssertEqual(fused.densityOperationCount, plain.densityOperationCount - c.absorbed, "\(label): nodes absorbed")
            var gf = [Double](repeating: 0, count: c.dimension), gp = gf
            let lpf = try fused.valueAndGradient(at: x, gradient: &gf)
            let lpp = try plain.valueAndGradient(at: x, gradient: &gp)
            XCTAssertEqual(lpf.bitPattern, lpp.bitPattern, "\(label): \(lpf) vs \(lpp)")
            XCTAssertEqual(bits(gf), bits(gp), "\(label): gradient \(gf) vs \(gp)")
            XCTAssertEqual(try fused.logDensity(at: x).bitPattern, lpp.bitPattern, "\(label): log density")
            // Whole forward and reverse sweeps (the node's separate reverse sweep recomputes the location).
            try assertBitIdenticalSweeps(fused, plain, at: x, label)
            if t != nil || !differences { continue }
            for i in Set([0, 1, c.dimension / 2, c.dimension - 2, c.dimension - 1]) where i >= 0 {
                let h = 1e-6
                var xp = x; xp[i] += h
                var xm = x; xm[i] -= h
                let numeric = (try fused.logDensity(at: xp) - fused.logDensity(at: xm)) / (2 * h)
                XCTAssertEqual(gf[i], numeric, accuracy: 1e-6 * max(1, Swift.abs(numeric)), "\(label): d/dx[\(i)]")
            }
        }
    }

    func testRadonShapeIsBitIdenticalAtSeveralLengths() throws {
        for n in [1, 7, 513, 2600, 9000] { try check("radon n=\(n)", radon(n), gaussianPass: n > 1) }
    }

    func testUngatheredSubtractedAndVectorTerms() throws {
        for n in [1, 7, 513, 2600] { try check("ungathered n=\(n)", ungathered(n)) }
    }

    func testTwoGathersOfOneVectorWithParameterOutcomeAndScale() throws {
        for n in [1, 7, 513, 5000] { try check("two gathers n=\(n)", twoGathers(n), gaussianPass: false) }
    }

    func testGatheredTimesDataWithFullDensity() throws {
        for n in [1, 7, 513, 4500] { try check("gathered × data n=\(n)", gatheredTimesData(n)) }
    }

    func testDecayShapeWithExponentialFactorIsBitIdentical() throws {
        // Tiled lengths with and without a last block shorter than eight (the one-pass kernel's lanes and tail).
        for n in [1, 7, 513, 1029, 2600, 2603, 9000] {
            try check("decay n=\(n)", decay(n), differences: n < 1100, exponentialPass: n > 1)
        }
    }

    func testExponentialFactorsAloneFirstAndSubtracted() throws {
        for n in [1, 7, 513, 2600] {
            try check("exponentials n=\(n)", exponentials(n), gaussianPass: false, exponentialPass: false)
        }
    }

    func testGaussianPassShapesAreBitIdentical() throws {
        for n in [1, 7, 255, 257, 513, 1031, 2600] { try check("gaussian shapes n=\(n)", gaussianShapes(n), gaussianPass: n > 1) }
        for n in [1, 9, 516, 3001] { try check("gaussian data coefficient n=\(n)", gaussianDataCoefficient(n), gaussianPass: true) }
    }

    /// An intermediate read elsewhere stays a node of its own and enters the fused location as a plain vector.
    func testSharedIntermediateIsNotAbsorbed() throws {
        let g = Graph(), n = 600
        let a = g.parameterInput(count: 1), b = g.parameterInput(count: 1)
        let shared = b * data(g, n, 0.5)
        let lp = g.addScalars([g.normalLpdf(data(g, n, 1), a + shared, g.constant(1)), sum(shared)])
        try g.validate()
        try check("shared intermediate", (g, lp.slot, 2, 1), threads: [nil])
    }

    /// Locations below the default minimum stay with the instruction tapes.
    func testShortLocationsAreLeftToTapes() throws {
        let c = try radon(7)
        XCTAssertEqual(GraphEvaluator(graph: c.graph, target: c.target).fusedLocationCount, 0)
        XCTAssertEqual(GraphEvaluator(graph: try radon(8).graph, target: try radon(8).target).fusedLocationCount, 1)
    }
}
