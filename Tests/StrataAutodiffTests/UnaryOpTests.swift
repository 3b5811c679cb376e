// Gradient and value checks for every elementwise unary function.
import XCTest
import StrataAutodiff

final class UnaryOpTests: XCTestCase {
    /// Points inside each function's domain.
    func points(for f: UnaryFunction) -> [Double] {
        switch f {
        case .log, .sqrt, .log2, .log10, .lgamma, .digamma, .cbrt: return [0.3, 1.7, 12.5]
        case .logit: return [0.1, 0.5, 0.93]
        case .log1m: return [-2, 0.1, 0.7]
        case .log1p: return [-0.5, 0.2, 3]
        case .tan: return [-1.2, 0.3, 1.0]
        case .abs: return [-2.5, 0.7, 3]
        case .lambertW0: return [-0.3, 0.2, 4]
        case .lambertWm1: return [-0.3, -0.05]
        case .invPhi: return [0.01, 0.4, 0.97]
        case .stdNormalLogQf, .log1mExp: return [-30, -2, -0.1]
        default: return [-3.1, -0.2, 0.4, 2.2]
        }
    }

    func testEveryUnaryFunctionGradient() throws {
        for f in UnaryFunction.allCases {
            let x = points(for: f)
            try checkGradient(at: x, reference: { $0.map { f.value($0) }.reduce(0, +) }) { g, p in
                g.apply(f, p)
            }
        }
    }

    func testComposedExpressionMatchesScalarCode() throws {
        let x = [0.3, -1.2, 2.0]
        try checkGradient(at: x, reference: { x in
            x.reduce(0) { $0 + Foundation.exp(-0.5 * $1) * Foundation.log1p($1 * $1) }
        }) { g, p in exp(-0.5 * p) * log1p(square(p)) }
    }

    func testDomainErrorIsThrownNotNaN() throws {
        let g = Graph()
        let p = g.parameterInput(count: 1)
        let y = log(p)
        let ev = GraphEvaluator(graph: g, target: y.slot)
        var grad = [0.0]
        XCTAssertThrowsError(try ev.valueAndGradient(at: [-1], gradient: &grad))
    }

    func testSpecialFunctionsAgainstReferenceValues() {
        // digamma(1) = -γ, trigamma(1) = π²/6, digamma(0.5) = -γ - 2 ln 2.
        XCTAssertEqual(SpecialFunctions.digamma(1), -0.5772156649015329, accuracy: 1e-13)
        XCTAssertEqual(SpecialFunctions.digamma(0.5), -1.9635100260214235, accuracy: 1e-13)
        XCTAssertEqual(SpecialFunctions.digamma(-0.5), 0.03648997397857652, accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.trigamma(1), Double.pi * Double.pi / 6, accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.trigamma(0.25), 17.197329154507113, accuracy: 1e-10)
        XCTAssertEqual(SpecialFunctions.log1pExp(800), 800, accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.logInvLogit(-800), -800, accuracy: 1e-12)
        XCTAssertEqual(SpecialFunctions.phi(1.96), 0.9750021048517795, accuracy: 1e-14)
    }
}
import Foundation
