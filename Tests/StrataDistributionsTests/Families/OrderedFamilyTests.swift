// ordered_logistic and ordered_probit against mpmath (Reference/ordered_reference.json, made by
// scripts/reference/make_ordered_reference.py), with finite-difference gradients in η and the cut points.
import Foundation
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class OrderedFamilyTests: XCTestCase {
    struct Case: Decodable {
        let family: String, note: String
        let y: [Double], eta: [Double], cutpoints: [Double]
        let vectors: Int
        let lpmf: Double
    }

    func testOrderedFamiliesMatchReferenceWithGradients() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Reference/ordered_reference.json")
        for c in try JSONDecoder().decode([Case].self, from: Data(contentsOf: url)) {
            let label = "\(c.family): \(c.note)"
            let g = Graph()
            let eta = g.parameterInput(count: c.eta.count), cuts = g.parameterInput(count: c.cutpoints.count)
            let lp = g.orderedLpmf(probit: c.family == "ordered_probit", g.constant(c.y), eta, cuts, cutpointVectors: c.vectors,
                                   propto: false)
            try g.validate()
            let ev = GraphEvaluator(graph: g, target: lp.slot), x = c.eta + c.cutpoints
            var grad = [Double](repeating: 0, count: x.count)
            XCTAssertEqual(try ev.valueAndGradient(at: x, gradient: &grad), c.lpmf, accuracy: 1e-10 * max(1, abs(c.lpmf)), label)
            try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x, label)
        }
    }

    func testOutOfRangeOutcomesAndUnorderedCutPointsAreErrors() throws {
        for (y, cuts, fragment) in [([4.0], [0.0, 1.0], "outcome is 4.0"), ([1.0], [1.0, 0.5], "cut point 2 is 0.5"),
                                    ([0.0], [0.0], "outcome is 0.0")] {
            let g = Graph()
            _ = g.orderedLpmf(probit: false, g.constant(y), g.constant(0.3), g.constant(cuts), cutpointVectors: 1, propto: false)
            XCTAssertThrowsError(try g.validate()) { XCTAssert("\($0)".contains(fragment), "'\($0)' lacks '\(fragment)'") }
        }
        let g = Graph()
        let cuts = g.parameterInput(count: 2)
        let lp = g.orderedLpmf(probit: true, g.constant([2]), g.constant(0.3), cuts, cutpointVectors: 1, propto: true)
        try g.validate()
        XCTAssertThrowsError(try GraphEvaluator(graph: g, target: lp.slot).forward(at: [1, 0.5]))
    }
}
