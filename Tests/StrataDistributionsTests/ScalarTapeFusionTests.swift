// Fused pairs of tape instructions give the per-operation values and gradients bit for bit.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class ScalarTapeFusionTests: XCTestCase {
    /// Every fused pattern (square(x - mu), a * b + c, b * square(a), sqrt(a + b)) with the register operand on
    /// either side, constant and parameter operands, an addend or factor that is also an operand of the first half
    /// (x * y + x, x * square(x)), first-half outputs read again later (their adjoints then take two
    /// contributions), and a recursion chaining them (GARCH's sigma).
    private func program(_ g: Graph, _ p: Expr) -> Expr {
        let mu = p[0], a0 = exp(p[1]), a1 = invLogit(p[2]), b1 = invLogit(p[3]), x = p[4], y = p[5]
        let r = g.constant([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7])
        var sigma = g.constant(1.0)
        var terms: [Expr] = []
        for t in 1..<7 {
            sigma = sqrt(a0 + a1 * square(r[t - 1] - mu) + b1 * square(sigma))
            terms.append(g.normalLpdf(r[t], mu, sigma, propto: true))
        }
        let m = x * y
        let s = m + 0.25 // product then sum, the product read again below
        terms.append(s * 0.5 + m * 3.0)
        terms.append(0.7 + x * 1.5)           // the constant on the sum's left
        terms.append(x * y + x)               // addend = the product's operand
        terms.append(square(y) * x)           // square on the product's left
        terms.append(x * square(x))           // factor = the square's operand
        terms.append(2.0 * square(mu))        // constant factor
        terms.append(square(x - y) - square(0.5 - y)) // differences with a constant side
        terms.append(sqrt(square(x) + 1.0))   // sqrt of a sum
        let d = mu - x
        terms.append(square(d) + d)           // the difference read again
        return g.addScalars(terms)
    }

    private let x = [0.2, -0.7, 0.4, -0.9, 1.3, -0.6]

    private func evaluators() throws -> (taped: GraphEvaluator, plain: GraphEvaluator) {
        let g = Graph()
        let y = program(g, g.parameterInput(count: x.count))
        try g.validate()
        return (GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: true, sharedSubexpressions: false),
                GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false))
    }

    func testFusedPairsAreBitIdenticalToThePerOperationReplay() throws {
        let (taped, plain) = try evaluators()
        // Four per recursion step (three in the first, where sigma is data) and at least one per line below it.
        XCTAssertGreaterThanOrEqual(taped.fusedInstructionCount, 4 * 5 + 3 + 9)
        XCTAssertEqual(plain.fusedInstructionCount, 0)
        try assertBitIdenticalReplay(taped, plain, at: x)
        // Adjoints of the fused pairs' intermediate outputs are left as the per-operation sweep leaves them.
        var g1 = [Double](repeating: 0, count: x.count), g2 = g1
        _ = try taped.valueAndGradient(at: x, gradient: &g1)
        _ = try plain.valueAndGradient(at: x, gradient: &g2)
        let whole = Slot(offset: 0, count: taped.graph.arenaSize, isConstant: false)
        XCTAssertEqual(taped.adjoints(of: whole).map(\.bitPattern), plain.adjoints(of: whole).map(\.bitPattern))
        XCTAssertEqual(taped.values(of: whole).map(\.bitPattern), plain.values(of: whole).map(\.bitPattern))
    }

    func testFusedGradientMatchesFiniteDifferences() throws {
        let (taped, _) = try evaluators()
        try assertGradientMatchesFiniteDifferences(taped, at: x)
    }

    func testFusedSquareRootThrowsAsTheOperation() throws {
        let g = Graph()
        let p = g.parameterInput(count: 1)
        let y = sqrt(p + -3.0)
        try g.validate()
        let taped = GraphEvaluator(graph: g, target: y.slot)
        let plain = GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false)
        XCTAssertEqual(taped.fusedInstructionCount, 1)
        var messages: [String] = []
        for evaluator in [taped, plain] {
            XCTAssertThrowsError(try evaluator.logDensity(at: [1])) { messages.append("\($0)") }
        }
        XCTAssertEqual(messages.count, 2)
        XCTAssertEqual(Set(messages).count, 1, "\(messages)")
        XCTAssertEqual(try taped.logDensity(at: [7]), 2)
    }
}
