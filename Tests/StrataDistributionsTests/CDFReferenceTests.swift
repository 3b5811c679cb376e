// log CDFs and log CCDFs against scipy (Reference/cdf_reference.json), with finite-difference gradients.
import Foundation
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class CDFReferenceTests: XCTestCase {
    struct Case: Decodable {
        let family: String
        let outcome: [Double]
        let arguments: [[Double]]
        let lcdf: Double
        let lccdf: Double
    }

    struct File: Decodable { let cases: [Case] }

    func testEveryCDFMatchesScipyWithGradients() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/cdf_reference.json")
        let cases = try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
        XCTAssertEqual(Set(cases.map(\.family)), Set(DistributionRegistry.cdfFamilyNames))
        for c in cases {
            for complement in [false, true] {
                let expected = complement ? c.lccdf : c.lcdf
                let label = "\(c.family)\(complement ? "_lccdf" : "_lcdf") at \(c.outcome)"
                let g = Graph()
                // Every real argument and a continuous outcome are parameters.
                var x: [Double] = []
                func input(_ v: [Double], data: Bool) -> Expr {
                    if data { return g.constant(v) }
                    x += v
                    return g.parameterInput(count: v.count)
                }
                let y = input(c.outcome, data: DistributionRegistry.cdfFamilies[c.family]!.isDiscrete)
                // Counts (discrete outcomes, trials) are data.
                let family = DistributionRegistry.cdfFamilies[c.family]!
                let args = c.arguments.enumerated().map {
                    input($0.element, data: family.arguments[$0.offset + 1].integerMinimum != nil)
                }
                let lp = try DistributionRegistry.logCDF(family: c.family, graph: g, outcome: y, arguments: args, complement: complement)
                try g.validate()
                let ev = GraphEvaluator(graph: g, target: lp.slot)
                var grad = [Double](repeating: 0, count: x.count)
                let value = try ev.valueAndGradient(at: x, gradient: &grad)
                XCTAssertEqual(value, expected, accuracy: 1e-9 * max(1, Swift.abs(expected)), label)
                try FiniteDifferences.assertGradient(grad, matches: { try ev.forward(at: $0) }, at: x,
                                                     relativeTolerance: 1e-5, absoluteTolerance: 1e-7, label)
            }
        }
    }

    func testFamilyWithoutCDFIsRejected() {
        let g = Graph()
        XCTAssertThrowsError(try DistributionRegistry.logCDF(family: "dirichlet", graph: g, outcome: g.constant(1),
                                                             arguments: [g.constant(1)], complement: false)) {
            XCTAssert("\($0)".contains("dirichlet_lcdf"), "\($0)")
        }
    }
}
