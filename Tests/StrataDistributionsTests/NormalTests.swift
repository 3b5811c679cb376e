// Reference values and gradient checks for the normal family, including constant dropping under `~`.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class NormalTests: XCTestCase {
    func testReferenceValues() throws {
        // scipy.stats.norm.logpdf([0.3, -1.2, 2.5], loc=0.5, scale=[1.0, 2.0, 0.7]).sum()
        let g = Graph()
        let lp = g.normalLpdf(g.constant([0.3, -1.2, 2.5]), g.constant(0.5), g.constant([1.0, 2.0, 0.7]))
        try g.validate()
        XCTAssertEqual(g.initialValues[lp.slot.offset], -7.556170489296456, accuracy: 1e-12)
    }

    func testGradientsForEveryArgumentShape() throws {
        let x = [0.3, -1.2, 2.5, 0.4, 0.9, 1.4]
        for propto in [false, true] {
            for (yv, mv, sv) in [(true, true, true), (false, true, false), (true, false, true), (false, false, false)] {
                let g = Graph()
                let p = g.parameterInput(count: 6)
                let y = yv ? p[0..<3] : g.constant([0.1, 0.2, 0.3])
                let mu = mv ? p[3] : g.constant(-0.2)
                let sigma = sv ? exp(p[4..<6][0]) : g.constant(1.3)
                let lp = g.normalLpdf(y, mu, sigma, propto: propto)
                let target = g.addScalars([lp, g.apply(.square, p[5])])
                try g.validate()
                let ev = GraphEvaluator(graph: g, target: target.slot)
                var grad = [Double](repeating: 0, count: 6)
                _ = try ev.valueAndGradient(at: x, gradient: &grad)
                try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x)
            }
        }
    }

    func testProptoDropsOnlyConstantTerms() throws {
        let g = Graph()
        let p = g.parameterInput(count: 1)
        let full = g.normalLpdf(g.constant([1.0, 2.0]), p[0], g.constant(2.0), propto: false)
        let dropped = g.normalLpdf(g.constant([1.0, 2.0]), p[0], g.constant(2.0), propto: true)
        let diff = full - dropped
        let ev = GraphEvaluator(graph: g, target: diff.slot)
        // Difference = 2 * (-log 2 - 0.5 log 2π), independent of μ.
        for mu in [-1.0, 0.5, 3.0] {
            XCTAssertEqual(try ev.forward(at: [mu]), 2 * (-0.6931471805599453 - 0.9189385332046727), accuracy: 1e-12)
        }
    }

    func testNegativeScaleParameterIsADomainError() throws {
        let g = Graph()
        let p = g.parameterInput(count: 1)
        let lp = g.normalLpdf(g.constant(1), g.constant(0), p[0])
        let ev = GraphEvaluator(graph: g, target: lp.slot)
        XCTAssertThrowsError(try ev.forward(at: [-1]))
    }

    func testNegativeScaleDataIsABuildError() {
        let g = Graph()
        _ = g.normalLpdf(g.constant(1), g.constant(0), g.constant([1, -2]))
        XCTAssertThrowsError(try g.validate()) { XCTAssert("\($0)".contains("scale[2]")) }
    }
}
