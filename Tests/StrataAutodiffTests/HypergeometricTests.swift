// hypergeometric_pFq/3F2 against 30-digit mpmath values and partials (Reference/hypergeometric_reference.json), graph
// gradients against finite differences, and the divergence and non-convergence errors.
import Foundation
import StrataAutodiff
import XCTest

final class HypergeometricTests: XCTestCase {
    struct Case: Decodable {
        let a: [Double], b: [Double], z: Double, value: Double
        let partials: [Double?]
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/hypergeometric_reference.json")
        return (try? JSONDecoder().decode([Case].self, from: Data(contentsOf: url))) ?? []
    }()

    func testValuesAndPartialsMatchMpmath() throws {
        XCTAssertEqual(Self.cases.count, 10)
        // On |z| = 1 the series for ∂/∂z decays like a power of k too slow to converge within the term limit: the
        // function reports non-convergence there (an error, never a wrong value) rather than matching mpmath.
        XCTAssertNil(SpecialFunctions.hypergeometricPFQ(a: [0.5, 1, 1.5], b: [2, 3.5], z: 1))
        for c in Self.cases where !(abs(c.z) == 1 && c.a.count == 3) {
            let what = "pFq(\(c.a); \(c.b); \(c.z))"
            XCTAssertNil(SpecialFunctions.hypergeometricDomainError(a: c.a, b: c.b, z: c.z), what)
            let s = try XCTUnwrap(SpecialFunctions.hypergeometricPFQ(a: c.a, b: c.b, z: c.z), what)
            XCTAssertEqual(s.value, c.value, accuracy: 1e-12 * abs(c.value), what)
            let partials = s.da + s.db + [s.dz]
            for (i, p) in c.partials.enumerated() {
                guard let p else { continue }
                XCTAssertEqual(partials[i], p, accuracy: 1e-9 * max(abs(p), 1e-3), "\(what) ∂\(i)")
            }
        }
    }

    /// Every case with |z| < 1 on the graph, all arguments parameters: the gradient matches central differences.
    func testGraphGradientsMatchFiniteDifferences() throws {
        for c in Self.cases where abs(c.z) < 1 {
            let p = c.a.count, q = c.b.count
            let x = c.a + c.b + [c.z]
            let nonIntegerA = c.a.allSatisfy { $0 != $0.rounded() || $0 > 0 }
            guard nonIntegerA else { continue }     // a difference step would leave the polynomial
            try checkGradient(at: x, reference: { _ in c.value }, tolerance: 1e-6) { g, v in
                g.hypergeometricPFQ(v[0..<p], v[p..<(p + q)], v[(p + q)..<(p + q + 1)])
            }
        }
    }

    /// 2F1 (a SpecialFunction of four scalars) agrees with the general series where both apply, and its graph
    /// node rejects z > 1.
    func testTwoFOneMatchesTheGeneralSeriesAndRejectsDivergence() throws {
        for (a, b, c, z) in [(0.5, 1.5, 2.5, 0.3), (1.2, 0.4, 3.1, 0.9)] {
            let general = try XCTUnwrap(SpecialFunctions.hypergeometricPFQ(a: [a, b], b: [c], z: z))
            let r = SpecialFunction.hypergeometric2F1.evaluate([a, b, c, z])
            XCTAssertEqual(r.value, general.value, accuracy: 1e-14 * abs(general.value))
            XCTAssertEqual(r.partials[3], general.dz, accuracy: 1e-12 * abs(general.dz))
        }
        XCTAssertNotNil(SpecialFunction.hypergeometric2F1.domainError([1, 1, 2, 1.5]))
        XCTAssertNotNil(SpecialFunction.hypergeometric2F1.domainError([1, 1, 1.5, 1]), "c − a − b ≤ 0 at z = 1")
        XCTAssertNil(SpecialFunction.hypergeometric2F1.domainError([1, 1, 2, -7]), "z < −1 through Pfaff's transformation")
        XCTAssertNotNil(SpecialFunction.hypergeometric1F0.domainError([1, 1, 0, 0]), "1F0 needs |z| < 1, as in Stan")
    }

    /// Divergent series are domain errors naming the rule; a series too slow to converge is an error, never a value.
    func testDivergenceAndNonConvergenceAreErrors() throws {
        func message(_ a: [Double], _ b: [Double], _ z: Double) -> String? {
            let g = Graph()
            let y = g.hypergeometricPFQ(g.constant(a), g.constant(b), g.parameterInput(count: 1))
            let ev = GraphEvaluator(graph: g, target: y.slot)
            var gradient = [0.0]
            do { _ = try ev.valueAndGradient(at: [z], gradient: &gradient) } catch { return "\(error)" }
            return nil
        }
        XCTAssertTrue(message([1, 2, 3], [4], 0.5)?.contains("p > q + 1") ?? false)
        XCTAssertTrue(message([1, 2, 3], [4, 5], 1.2)?.contains("|z| > 1") ?? false)
        XCTAssertTrue(message([1, 2, 3], [4, 2], 1)?.contains("sum(b) > sum(a)") ?? false)
        XCTAssertTrue(message([1, 1], [-2], 0.5)?.contains("non-positive integer") ?? false)
        XCTAssertTrue(message([1, 1, 1], [2, 2.0000001], 1)?.contains("did not converge") ?? false)
        XCTAssertNil(message([-3, 1.5], [2.5], 2), "a polynomial converges everywhere")
        XCTAssertNil(message([1, 2, 3], [], 0), "z = 0 is 1 whatever p and q")
    }
}
