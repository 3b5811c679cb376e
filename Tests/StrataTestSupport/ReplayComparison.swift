// Evaluator checks shared by tests: two evaluators of one graph compared bit for bit at shifted points and over whole
// sweeps, and one evaluator's gradient against finite differences of its log density.
import StrataAutodiff
import XCTest

/// Asserts that `a` and `b` give bit-identical values, gradients and log densities at `x` and at `x` shifted by each
/// of `shifts` in every coordinate.
public func assertBitIdenticalReplay(_ a: GraphEvaluator, _ b: GraphEvaluator, at x: [Double],
                                     shifts: [Double] = [0, 0.3, -0.45], _ message: String = "",
                                     file: StaticString = #filePath, line: UInt = #line) throws {
    var g1 = [Double](repeating: 0, count: x.count), g2 = g1
    for shift in shifts {
        let point = x.map { $0 + shift }
        let v1 = try a.valueAndGradient(at: point, gradient: &g1)
        let v2 = try b.valueAndGradient(at: point, gradient: &g2)
        XCTAssertEqual(v1.bitPattern, v2.bitPattern, "\(message): value at shift \(shift)", file: file, line: line)
        XCTAssertEqual(g1.map(\.bitPattern), g2.map(\.bitPattern), "\(message): gradient at shift \(shift)", file: file, line: line)
        XCTAssertEqual(try a.logDensity(at: point).bitPattern, v1.bitPattern, "\(message): log density at shift \(shift)",
                       file: file, line: line)
    }
}

/// Asserts that whole forward sweeps (every operation, ``GraphEvaluator/forward(at:)``) and the reverse sweeps after
/// them give `a` and `b` (evaluators of one graph) bit-identical targets and parameter adjoints at `x`.
public func assertBitIdenticalSweeps(_ a: GraphEvaluator, _ b: GraphEvaluator, at x: [Double], _ message: String = "",
                                     file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(try a.forward(at: x).bitPattern, try b.forward(at: x).bitPattern, "\(message): forward sweep",
                   file: file, line: line)
    a.backward(); b.backward()
    let adjointsA = a.graph.parameterInputs.flatMap { a.adjoints(of: $0.slot) }
    let adjointsB = b.graph.parameterInputs.flatMap { b.adjoints(of: $0.slot) }
    XCTAssertEqual(adjointsA.map(\.bitPattern), adjointsB.map(\.bitPattern), "\(message): whole-sweep adjoints",
                   file: file, line: line)
}

/// Checks `evaluator`'s gradient at `x` against central finite differences of its log density.
public func assertGradientMatchesFiniteDifferences(_ evaluator: GraphEvaluator, at x: [Double], _ message: String = "",
                                                   file: StaticString = #filePath, line: UInt = #line) throws {
    var gradient = [Double](repeating: 0, count: x.count)
    _ = try evaluator.valueAndGradient(at: x, gradient: &gradient)
    try FiniteDifferences.assertGradient(gradient, matches: { try evaluator.logDensity(at: $0) }, at: x, message,
                                         file: file, line: line)
}
