// Special functions (incomplete gamma and beta, Owen's T, Bessel, Lambert W, normal quantiles, ...) against 40-digit
// mpmath values and partials (Reference/special_reference.json), and their graph gradients against finite differences.
import Foundation
import StrataAutodiff
import XCTest

final class SpecialFunctionTests: XCTestCase {
    struct Case: Decodable {
        let function: String
        let arguments: [Double]
        let value: Double
        let partials: [Double?]
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference/special_reference.json")
        return (try? JSONDecoder().decode([Case].self, from: Data(contentsOf: url))) ?? []
    }()

    /// f's value and partials at a case's arguments, from whichever enum names it.
    func evaluate(_ c: Case) throws -> (value: Double, partials: [Double]) {
        if let f = UnaryFunction(rawValue: c.function) {
            let y = f.value(c.arguments[0])
            return (y, [f.derivative(c.arguments[0], y)])
        }
        let f = try XCTUnwrap(SpecialFunction(rawValue: c.function), c.function)
        var x = SIMD4<Double>.zero
        for (i, a) in c.arguments.enumerated() { x[i] = a }
        XCTAssertNil(f.domainError(x), "\(c.function)\(c.arguments)")
        let r = f.evaluate(x)
        return (r.value, c.arguments.indices.map { r.partials[$0] })
    }

    func testValuesAndPartialsMatchMpmath() throws {
        XCTAssertGreaterThan(Self.cases.count, 90)
        for c in Self.cases {
            let (value, partials) = try evaluate(c)
            let what = "\(c.function)\(c.arguments)"
            XCTAssertEqual(value, c.value, accuracy: 1e-12 * abs(c.value) + 1e-15, what)
            for (i, p) in c.partials.enumerated() {
                guard let p else { continue }
                XCTAssertEqual(partials[i], p, accuracy: 1e-9 * abs(p) + 1e-14, "\(what) ∂\(i)")
            }
        }
    }

    /// Every case on the graph, each real argument a parameter: the gradient matches central differences (except
    /// where a difference step leaves the domain or the slope is too steep for one, e.g. inv_Phi(1e-10)).
    func testGraphGradientsMatchFiniteDifferences() throws {
        // (2F1 at z = 1 sits on the edge of its domain: a central difference in z would step past it.)
        for c in Self.cases where c.partials.allSatisfy({ abs($0 ?? 0) < 1e4 })
            && !(c.function == "hypergeometric2F1" && c.arguments[3] == 1) {
            let free = c.partials.indices.filter { c.partials[$0] != nil }
            try checkGradient(at: free.map { c.arguments[$0] }, tolerance: 1e-5) { g, p in
                var k = 0
                let args: [Expr] = c.arguments.indices.map { i in
                    guard c.partials[i] != nil else { return g.constant(c.arguments[i]) }
                    defer { k += 1 }
                    return p[k..<(k + 1)]
                }
                if let f = UnaryFunction(rawValue: c.function) { return g.apply(f, args[0]) }
                return g.apply(SpecialFunction(rawValue: c.function)!, args)
            }
        }
    }

    func testBroadcastingAndDomainErrors() throws {
        // gamma_p(vector a, scalar z) sums to the elementwise values; a negative shape is a domain error.
        try checkGradient(at: [0.5, 2, 7, 3.3], reference: { x in
            (0..<3).map { SpecialFunction.gammaP.evaluate([x[$0], x[3], 0, 0]).value }.reduce(0, +)
        }) { g, p in g.apply(.gammaP, [p[0..<3], p[3..<4]]) }
        let g = Graph()
        let p = g.parameterInput(count: 1)
        let y = g.apply(.incBeta, [p, g.constant(2), g.constant(0.5)])
        let ev = GraphEvaluator(graph: g, target: y.slot)
        var grad = [0.0]
        XCTAssertThrowsError(try ev.valueAndGradient(at: [-1], gradient: &grad))
    }

    func testPiecewiseConstantFunctionsHaveZeroSlope() {
        for f in [UnaryFunction.floor, .ceil, .round, .trunc, .step] {
            XCTAssertEqual(f.derivative(1.3, f.value(1.3)), 0)
        }
        XCTAssertEqual(UnaryFunction.round.value(-2.5), -3)
        XCTAssertEqual(UnaryFunction.step.value(0), 1)
        XCTAssertEqual(UnaryFunction.step.value(-1e-300), 0)
    }

    /// Extreme arguments finish quickly with the limit instead of trapping on an integer conversion or looping.
    func testExtremeArgumentsReturnLimits() {
        XCTAssertEqual(SpecialFunction.owensT.evaluate([.infinity, 0.5, 0, 0]).value, 0)
        XCTAssertEqual(SpecialFunction.owensT.evaluate([1e300, 3, 0, 0]).value, 0)
        XCTAssertEqual(SpecialFunction.owensT.evaluate([-1e10, -0.5, 0, 0]).value, 0)
        XCTAssertEqual(SpecialFunction.logBesselI.evaluate([.infinity, 2, 0, 0]).value, -.infinity)
        XCTAssertEqual(SpecialFunction.logBesselI.evaluate([3, .infinity, 0, 0]).value, .infinity)
        // A large order and argument: the series starts near its peak (~5·10^7 terms from k = 0 otherwise).
        // Reference: scipy.special.ive (log(ive(v, x)) + x).
        XCTAssertEqual(SpecialFunction.logBesselI.evaluate([1e4, 9.9e7, 0, 0]).value, 98999989.37069575, accuracy: 1e-6)
        XCTAssertEqual(SpecialFunction.logBesselI.evaluate([1e4, 5e6, 0, 0]).value, 4999981.36858959, accuracy: 1e-6)
    }
}
