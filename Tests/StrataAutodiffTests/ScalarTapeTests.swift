// Scalar tapes: runs of small arithmetic nodes replayed by instructions give the per-operation values bit for bit.
import XCTest
import StrataAutodiff
import StrataCore
import StrataTestSupport

final class ScalarTapeTests: XCTestCase {
    /// A GARCH-like recursion over scalars plus 3-element vector steps with broadcast scalars: every binary
    /// operator with constant and non-constant sides, and the unary functions the tape special-cases or not.
    private func recursion(_ g: Graph, _ p: Expr) -> Expr {
        let mu = p[0], a0 = exp(p[1]), a1 = invLogit(p[2]), v = p[3..<6]
        let r = g.constant([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7])
        var sigma = g.constant(1.0)
        var total = g.constant(0.0)
        for t in 1..<7 {
            sigma = sqrt(a0 + a1 * square(r[t - 1] - mu) + 0.5 * square(sigma))
            let z = (r[t] - mu) / sigma
            total = total - 0.5 * z * z - log(sigma) + log1p(square(z)) * 0.01
        }
        let w = pow(exp(v * mu) + 1.5, a1) - v / (a0 + 2) + abs(v) * 0.1 - (-v)
        let u = pow(2.0 + square(mu), v) + tanh(v * sigma) + log(v * v + 1)
        return total + sum(w) + sum(u) * mu
    }

    private let x = [0.2, -0.7, 0.4, 0.9, -1.3, 0.6]

    private func evaluators() throws -> (taped: GraphEvaluator, plain: GraphEvaluator) {
        let g = Graph()
        let y = recursion(g, g.parameterInput(count: x.count))
        try g.validate()
        // Sharing repeated instructions reorders adjoint sums (ScalarTapeSharingTests); off, the tape is bit-identical.
        return (GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: true, sharedSubexpressions: false),
                GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false))
    }

    func testTapedGradientIsBitIdenticalToThePerOperationReplay() throws {
        let (taped, plain) = try evaluators()
        XCTAssertGreaterThan(taped.tapedOperationCount, 60)
        XCTAssertEqual(plain.tapedOperationCount, 0)
        try assertBitIdenticalReplay(taped, plain, at: x)
    }

    func testTapedGradientMatchesFiniteDifferences() throws {
        try checkGradient(at: x, tolerance: 1e-6) { g, p in recursion(g, p) }
    }

    func testDomainErrorsAreThrownAsByTheOperations() throws {
        let g = Graph()
        let p = g.parameterInput(count: 1)
        let y = log(p - 1.0) + log1p(p * 2.0) + sqrt(p)
        let taped = GraphEvaluator(graph: g, target: y.slot)
        XCTAssertGreaterThan(taped.tapedOperationCount, 0)
        XCTAssertThrowsError(try taped.logDensity(at: [0.5])) { error in
            XCTAssertEqual("\(error)", "\(LogDensityError.domain(variable: "log", message: "argument -0.5 is outside the domain"))")
        }
        XCTAssertThrowsError(try taped.logDensity(at: [-0.25])) // sqrt and log1p(-0.5) fine, log(-1.25) not
        XCTAssertEqual(try taped.logDensity(at: [2]), log(1.0) + log1p(4.0) + 2.0.squareRoot(), accuracy: 1e-15)
    }
}
