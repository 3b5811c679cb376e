// Evaluator checks shared by tests: two evaluators of one graph compared bit for bit at shifted points, and one
// evaluator's gradient against finite differences of its log density.
import StrataAutodiff
import XCTest

/// Asserts that `a` and `b` give bit-identical values, gradients and log densities at `x` and at `x` shifted by each
/// of `shifts` in every coordinate.
public func assertBitIdenticalReplay(_ a: GraphEvaluator, _ b: GraphEvaluator, at x: [Double],
                                     shifts: [Double] = [0, 0.3, -0.45],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
    var g1 = [Double](repeating: 0, count: x.count), g2 = g1
    for shift in shifts {
        let point = x.map { $0 + shift }
        let v1 = try a.valueAndGradient(at: point, gradient: &g1)
        let v2 = try b.valueAndGradient(at: point, gradient: &g2)
        XCTAssertEqual(v1.bitPattern, v2.bitPattern, "value at shift \(shift)", file: file, line: line)
        XCTAssertEqual(g1.map(\.bitPattern), g2.map(\.bitPattern), "gradient at shift \(shift)", file: file, line: line)
        XCTAssertEqual(try a.logDensity(at: point).bitPattern, v1.bitPattern, "log density at shift \(shift)",
                       file: file, line: line)
    }
}

/// Checks `evaluator`'s gradient at `x` against central finite differences of its log density.
public func assertGradientMatchesFiniteDifferences(_ evaluator: GraphEvaluator, at x: [Double],
                                                   file: StaticString = #filePath, line: UInt = #line) throws {
    var gradient = [Double](repeating: 0, count: x.count)
    _ = try evaluator.valueAndGradient(at: x, gradient: &gradient)
    try FiniteDifferences.assertGradient(gradient, matches: { try evaluator.logDensity(at: $0) }, at: x, file: file, line: line)
}
