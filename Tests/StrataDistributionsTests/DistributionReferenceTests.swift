// Checks every family's full log density against scipy references (Reference/reference.json, made by make_reference.py).
import Foundation
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions

final class DistributionReferenceTests: XCTestCase {
    struct Case: Decodable {
        let family: String
        let note: String
        let outcome: [Double]
        let arguments: [[Double]]
        let lpdf: Double
    }

    struct File: Decodable { let cases: [Case] }

    static func loadCases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Reference").appendingPathComponent("reference.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    /// Families whose arguments after the outcome are all data in Stan (integer counts), by position.
    static let dataOnlyArguments: [String: Set<Int>] = ["binomial": [0], "binomial_logit": [0], "beta_binomial": [0],
                                                          "discrete_range": [0, 1], "hypergeometric": [0, 1, 2]]

    func testEveryFamilyMatchesScipy() throws {
        let cases = try Self.loadCases()
        XCTAssertGreaterThan(cases.count, 40)
        let covered = Set(cases.map(\.family))
        XCTAssertEqual(covered, Set(DistributionRegistry.familyNames), "every registered family has reference values")
        for c in cases {
            let label = "\(c.family) (\(c.note))"
            // All arguments as data: the density is folded to a constant when the graph is built.
            let g = Graph()
            let lp = try DistributionRegistry.logDensity(family: c.family, graph: g, outcome: g.constant(c.outcome),
                                                         arguments: c.arguments.map { g.constant($0) }, propto: false)
            try g.validate()
            let folded = g.initialValues[lp.slot.offset]
            XCTAssertEqual(folded, c.lpdf, accuracy: 1e-10 * max(1, Swift.abs(c.lpdf)), label)

            // Every argument that may be a parameter fed as one: the recorded kernel gives the same value.
            let h = Graph()
            let discrete = DistributionRegistry.families[c.family]!.isDiscrete
            var x: [Double] = []
            func input(_ v: [Double], data: Bool) -> Expr {
                if data { return h.constant(v) }
                x += v
                return h.parameterInput(count: v.count)
            }
            let outcome = input(c.outcome, data: discrete)
            let dataArgs = Self.dataOnlyArguments[c.family] ?? []
            let args = c.arguments.enumerated().map { input($0.element, data: dataArgs.contains($0.offset)) }
            let lp2 = try DistributionRegistry.logDensity(family: c.family, graph: h, outcome: outcome, arguments: args, propto: false)
            try h.validate()
            let ev = GraphEvaluator(graph: h, target: lp2.slot)
            XCTAssertEqual(try ev.forward(at: x), c.lpdf, accuracy: 1e-10 * max(1, Swift.abs(c.lpdf)), label + " as parameters")
        }
    }

    func testRegistryRejectsUnknownFamilyAndWrongArity() {
        let g = Graph()
        XCTAssertThrowsError(try DistributionRegistry.logDensity(family: "wishart_typo", graph: g, outcome: g.constant(1),
                                                                 arguments: [], propto: true)) {
            XCTAssert("\($0)".contains("unknown distribution 'wishart_typo'"), "\($0)")
        }
        XCTAssertThrowsError(try DistributionRegistry.logDensity(family: "gamma", graph: g, outcome: g.constant(1),
                                                                 arguments: [g.constant(1)], propto: true)) {
            XCTAssert("\($0)".contains("'gamma' takes 2 (alpha, beta)"), "\($0)")
        }
        XCTAssertThrowsError(try DistributionRegistry.logDensity(family: "std_normal", graph: g, outcome: g.constant(1),
                                                                 arguments: [g.constant(1)], propto: true)) {
            XCTAssert("\($0)".contains("takes no arguments"), "\($0)")
        }
    }
}
