// `propto` keeps exactly the terms that involve a parameter: values checked against hand-written kept terms.
import XCTest
import StrataAutodiff
import StrataDistributions
#if canImport(Glibc)
import Glibc
#endif

final class ProptoExactnessTests: XCTestCase {
    /// Evaluates the propto density built by `body` from one parameter block at `x`.
    func propto(_ x: [Double], _ body: (Graph, Expr) -> Expr) throws -> Double {
        let g = Graph()
        let lp = body(g, g.parameterInput(count: x.count))
        try g.validate()
        return try GraphEvaluator(graph: g, target: lp.slot).forward(at: x)
    }

    func testGammaWithDataShapeAndRateKeepsOnlyOutcomeTerms() throws {
        let y = [0.5, 2.0], a = 2.5, b = 1.5
        let v = try propto(y) { g, p in g.gammaLpdf(p, g.constant(a), g.constant(b), propto: true) }
        XCTAssertEqual(v, y.reduce(0) { $0 + (a - 1) * log($1) - b * $1 }, accuracy: 1e-12)
    }

    func testBetaWithDataSecondShapeDropsItsLgamma() throws {
        let a = 1.7, b = 3.0, y = 0.3
        let v = try propto([a]) { g, p in g.betaLpdf(g.constant(y), p, g.constant(b), propto: true) }
        XCTAssertEqual(v, lgamma(a + b) - lgamma(a) + (a - 1) * log(y), accuracy: 1e-12)
    }

    func testStudentTWithDataDegreesOfFreedom() throws {
        let nu = 4.0, mu = 0.5, sigma = 1.3, y = [0.1, 2.0]
        let v = try propto([sigma]) { g, p in g.studentTLpdf(g.constant(y), g.constant(nu), g.constant(mu), p, propto: true) }
        let expected = y.reduce(0) { acc, yi in
            let z = (yi - mu) / sigma
            return acc - log(sigma) - 0.5 * (nu + 1) * log1p(z * z / nu)
        }
        XCTAssertEqual(v, expected, accuracy: 1e-12)
    }

    func testInverseGammaWithDataOutcomeKeepsShapeAndScaleTerms() throws {
        let y = 0.7, a = 2.0, b = 3.0
        let v = try propto([a, b]) { g, p in g.invGammaLpdf(g.constant(y), p[0], p[1], propto: true) }
        XCTAssertEqual(v, a * log(b) - lgamma(a) - (a + 1) * log(y) - b / y, accuracy: 1e-12)
    }

    func testLognormalWithParameterOutcomeAndDataScale() throws {
        let y = 1.7, mu = 0.2, sigma = 0.8
        let v = try propto([y]) { g, p in g.lognormalLpdf(p, g.constant(mu), g.constant(sigma), propto: true) }
        let z = (log(y) - mu) / sigma
        XCTAssertEqual(v, -log(y) - 0.5 * z * z, accuracy: 1e-12)
    }

    func testGammaWithOnlyShapeAsParameterDropsTheRateTimesOutcome() throws {
        let y = 0.7, a = 2.0, b = 3.0
        let v = try propto([a]) { g, p in g.gammaLpdf(g.constant(y), p, g.constant(b), propto: true) }
        XCTAssertEqual(v, a * log(b) - lgamma(a) + (a - 1) * log(y), accuracy: 1e-12)
    }

    func testDiscreteFamiliesDropCombinatorialTerms() throws {
        let theta = 0.3
        let v = try propto([theta]) { g, p in g.binomialLpmf(g.constant([2, 5]), g.constant([4, 9]), p, propto: true) }
        XCTAssertEqual(v, 7 * log(theta) + 6 * log1p(-theta), accuracy: 1e-12)
        let w = try propto([1.2]) { g, p in g.poissonLogLpmf(g.constant([0, 3]), p, propto: true) }
        XCTAssertEqual(w, 3 * 1.2 - 2 * exp(1.2), accuracy: 1e-12)
    }

    func testMultiNormalWithDataFactorKeepsOnlyTheQuadraticForm() throws {
        // L = [[2, 0], [1, 3]]: z = L⁻¹(y − μ).
        let y = [1.0, 2.0]
        let v = try propto(y) { g, p in g.multiNormalCholeskyLpdf(p, g.constant([0, 0]), g.constant([2, 0, 1, 3]), propto: true) }
        let z0 = 1.0 / 2, z1 = (2.0 - 1 * z0) / 3
        XCTAssertEqual(v, -0.5 * (z0 * z0 + z1 * z1), accuracy: 1e-12)
    }

    func testLkjWithDataShapeDropsTheNormaliser() throws {
        let eta = 2.0, l22 = 0.8, l33 = 0.6
        let L = [1, 0, 0, 0.6, l22, 0, 0, 0.8, l33]
        let v = try propto(L) { g, p in g.lkjCorrCholeskyLpdf(p, g.constant(eta), propto: true) }
        XCTAssertEqual(v, (3 - 2 + 2 * eta - 2) * log(l22) + (3 - 3 + 2 * eta - 2) * log(l33), accuracy: 1e-12)
        // With η a parameter the normaliser stays: the difference to the data-η version is −log c_3(η).
        let w = try propto([log(eta)]) { g, p in g.lkjCorrCholeskyLpdf(g.constant(L), exp(p), propto: true) }
        let logC = LkjCorrCholeskyLpdfOp.logNormalizer(eta: eta, dimension: 3).value
        XCTAssertEqual(w, (2 * eta - 2) * (log(l22) + log(l33)) - logC, accuracy: 1e-12)
        // c_3(1) is the volume π²/2 of the 3×3 correlation matrices.
        XCTAssertEqual(LkjCorrCholeskyLpdfOp.logNormalizer(eta: 1, dimension: 3).value, log(Double.pi * Double.pi / 2), accuracy: 1e-12)
    }
}
