// Sums of scalars (target sums) on instruction tapes: the same numbers as AddScalarsOp's own replay, bit for bit.
import XCTest
import StrataAutodiff
import StrataCore
import StrataTestSupport

final class ScalarTapeSumTests: XCTestCase {
    /// Sums of one to seven scalar terms (three per instruction): parameters read directly, computed terms,
    /// constants, one slot twice, a sum read by later arithmetic and by another sum, as a model's target is built.
    private func program(_ g: Graph, _ p: Expr) -> Expr {
        let a = exp(p[0]), b = p[1] * p[2], c = square(p[3]), d = g.constant(0.75)
        let one = g.addScalars([a])
        let two = g.addScalars([b, d])
        let three = g.addScalars([p[0], c, a])
        let four = g.addScalars([d, b, b, c])
        let six = g.addScalars([a, d, c, p[2], b, one])
        let seven = g.addScalars([two, three, four, d, d, six, p[1]])
        return g.addScalars([seven * one, sqrt(two * two + 1.0), three - four])
    }

    private let x = [0.2, -0.7, 0.4, 0.9]

    private func evaluators() throws -> (taped: GraphEvaluator, plain: GraphEvaluator) {
        let g = Graph()
        let y = program(g, g.parameterInput(count: x.count))
        try g.validate()
        return (GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: true),
                GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false))
    }

    func testSumsJoinTheTapeAndReplayBitForBit() throws {
        let (taped, plain) = try evaluators()
        XCTAssertEqual(taped.tapedOperationCount, taped.densityOperationCount + 4,
                       "every operation taped (sums of 4, 6, 7 terms take 2, 2, 3 instructions)")
        XCTAssertEqual(plain.tapedOperationCount, 0)
        try assertBitIdenticalReplay(taped, plain, at: x)
    }

    func testTapedSumGradientMatchesFiniteDifferences() throws {
        let (taped, _) = try evaluators()
        try assertGradientMatchesFiniteDifferences(taped, at: x)
    }

    /// The target is itself a sum of a constant and parameters: its adjoint seeds the terms' directly.
    func testTargetSumOfParametersAndConstants() throws {
        let g = Graph()
        let p = g.parameterInput(count: 2)
        let y = g.addScalars([p[1], g.constant(-2.5), p[0], p[1]])
        try g.validate()
        let taped = GraphEvaluator(graph: g, target: y.slot)
        let plain = GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false)
        XCTAssertEqual(taped.tapedOperationCount, 2)
        try assertBitIdenticalReplay(taped, plain, at: [0.3, -1.1])
        var gradient = [0.0, 0.0]
        XCTAssertEqual(try taped.valueAndGradient(at: [0.3, -1.1], gradient: &gradient), -1.1 - 2.5 + 0.3 - 1.1)
        XCTAssertEqual(gradient, [1, 2])
    }
}
