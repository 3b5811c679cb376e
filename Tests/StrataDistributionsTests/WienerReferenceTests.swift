// The 7-argument wiener density and wiener_lcdf_unnorm/wiener_lccdf_unnorm against scipy quadrature of closed forms
// (Reference/wiener_reference.json, made by scripts/reference/make_wiener_reference.py), with gradients.
import Foundation
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class WienerReferenceTests: XCTestCase {
    struct Case: Decodable {
        let quantity: String
        let arguments: [Double]     // y, a, t0, w, v, sv, sw, st0
        let log: Double
    }

    static func loadCases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/wiener_reference.json")
        return try JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }

    /// Records the case's quantity with `arguments` (outcome first).
    static func record(_ quantity: String, _ g: Graph, _ arguments: [Expr]) throws -> Expr {
        if quantity == "density" {
            return try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: arguments[0],
                                                       arguments: Array(arguments.dropFirst()), propto: false)
        }
        return try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: arguments, complement: quantity == "ccdf")
    }

    /// Value against the reference; gradient in every argument that is not zero (sv, sw, st0 = 0 stay data: their
    /// partials there are one-sided) against central finite differences.
    func testValuesAndGradientsMatchReference() throws {
        for c in try Self.loadCases() {
            let label = "\(c.quantity) at \(c.arguments)"
            let g = Graph()
            var x: [Double] = []
            let args = c.arguments.enumerated().map { i, v -> Expr in
                if i >= 5 && v == 0 { return g.constant(v) }
                x.append(v)
                return g.parameterInput(count: 1)
            }
            let lp = try Self.record(c.quantity, g, args)
            try g.validate()
            let ev = GraphEvaluator(graph: g, target: lp.slot)
            var grad = [Double](repeating: 0, count: x.count)
            let value = try ev.valueAndGradient(at: x, gradient: &grad)
            XCTAssertEqual(value, c.log, accuracy: 1e-9 * max(1, abs(c.log)), label)
            try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x,
                                                 relativeTolerance: 2e-5, absoluteTolerance: 2e-5, label)
        }
    }

    /// With sw = st0 = 0 the 7-argument forms are the 5-argument density and the 4-argument CDFs (sv = 0), exactly
    /// for the density.
    func testZeroVariabilitiesReduceToSmallerForms() throws {
        let g = Graph()
        let y = g.constant([0.3, 0.8, 2.5]), a = g.constant(1.4), t0 = g.constant(0.15), w = g.constant(0.35)
        let v = g.constant(-0.4), sv = g.constant(0.6), zero = g.constant(0)
        let five = try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: y, arguments: [a, t0, w, v, sv], propto: false)
        let seven = try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: y,
                                                        arguments: [a, t0, w, v, sv, zero, zero], propto: false)
        let withPrecision = try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: y,
                                                                arguments: [a, t0, w, v, sv, zero, zero, g.constant(1e-6)], propto: false)
        let cdf4 = try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: [y, a, t0, w, v], complement: false)
        let cdf7 = try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: [y, a, t0, w, v, zero, zero, zero],
                                                                     complement: false)
        let ccdf4 = try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: [y, a, t0, w, v, g.constant(1e-4)],
                                                                      complement: true)
        let ccdf7 = try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: [y, a, t0, w, v, zero, zero, zero],
                                                                      complement: true)
        try g.validate()
        func value(_ e: Expr) throws -> Double { try GraphEvaluator(graph: g, target: e.slot).forward(at: []) }
        XCTAssertEqual(try value(five), try value(seven))
        XCTAssertEqual(try value(five), try value(withPrecision))
        XCTAssertEqual(try value(cdf4), try value(cdf7), accuracy: 1e-12)
        XCTAssertEqual(try value(ccdf4), try value(ccdf7), accuracy: 1e-12)
    }

    /// The density integrates to one over both boundaries (the lower one is the upper one of the mirrored process,
    /// w → 1 − w, v → −v), and P(upper) + P(lower) from the CCDFs at y = t0 is one.
    func testDensityIntegratesToOneOverBothBoundaries() throws {
        let (a, t0, w, v, sv, sw, st0) = (1.3, 0.2, 0.55, 0.7, 0.5, 0.3, 0.25)
        func logDensity(_ y: Double, _ w: Double, _ v: Double) throws -> Double {
            let g = Graph()
            let lp = try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: g.constant(y),
                                                         arguments: [a, t0, w, v, sv, sw, st0].map { g.constant($0) }, propto: false)
            return try GraphEvaluator(graph: g, target: lp.slot).forward(at: [])
        }
        // Composite Simpson in u over y = t0 + 30 u² (dense near the start; the density is below e⁻³⁰ beyond).
        let n = 2400, h = 1.0 / Double(n)
        var total = 0.0
        for i in 1...n {
            let u = Double(i) * h, y = t0 + 30 * u * u, weight = i == n ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0)
            total += weight * 60 * u * (exp(try logDensity(y, w, v)) + exp(try logDensity(y, 1 - w, -v)))
        }
        XCTAssertEqual(total * h / 3, 1, accuracy: 1e-8)
        let g = Graph()
        let upper = try DistributionRegistry.wienerLogCDFUnnormalised(
            graph: g, arguments: [t0 + 1e-9, a, t0, w, v, sv, sw, st0].map { g.constant($0) }, complement: true)
        let lower = try DistributionRegistry.wienerLogCDFUnnormalised(
            graph: g, arguments: [t0 + 1e-9, a, t0, 1 - w, -v, sv, sw, st0].map { g.constant($0) }, complement: true)
        let pu = exp(try GraphEvaluator(graph: g, target: upper.slot).forward(at: []))
        let pl = exp(try GraphEvaluator(graph: g, target: lower.slot).forward(at: []))
        XCTAssertEqual(pu + pl, 1, accuracy: 1e-9)
    }

    func testArgumentErrors() throws {
        try assertBuildError("wiener", [[0.5], [1], [0.1], [0.5], [0], [0], [1.2], [0]], "such that w ± sw/2 stays in (0, 1)")
        try assertBuildError("wiener", [[0.5], [1], [0.1], [0.5], [0], [0], [0.2], [0], [-1]], "wiener: precision is -1.0")
        try assertDomainError("wiener", [[0.5], [1], [0.1], [0.5], [0], [0], [0.2], [0.1]], parameter: 6, value: 1.2)
        let g = Graph()
        _ = try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: [0.5, 1, 0.1, 0.5, 0, 0, 1.2, 0].map { g.constant($0) },
                                                              complement: false)
        XCTAssertThrowsError(try g.validate()) { XCTAssert("\($0)".contains("stays in (0, 1)"), "\($0)") }
        XCTAssertThrowsError(try DistributionRegistry.wienerLogCDFUnnormalised(graph: g, arguments: [g.constant(1)], complement: true))
    }
}
