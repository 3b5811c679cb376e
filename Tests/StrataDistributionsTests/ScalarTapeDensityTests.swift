// Scalar tapes over densities: scalar normals, log-sum-exp and concatenations replay bit for bit as their nodes do.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class ScalarTapeDensityTests: XCTestCase {
    /// A GARCH recursion with scalar normal densities (every combination of data and parameter arguments,
    /// `~` and `target +=`), then an HMM forward pass: concatenations (one slot twice), a two-element log,
    /// log-sum-exp of two and three elements, and a scalar normal with a constant scale.
    private func program(_ g: Graph, _ p: Expr) -> Expr {
        let mu = p[0], a0 = exp(p[1]), a1 = invLogit(p[2]), b1 = invLogit(p[3])
        let r = g.constant([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7])
        var sigma = g.constant(1.0)
        var terms = [g.normalLpdf(mu, g.constant(0.0), g.constant(1.0), propto: true),
                     g.normalLpdf(p[1], mu, a0, propto: false)]
        for t in 1..<7 {
            sigma = sqrt(a0 + a1 * square(r[t - 1] - mu) + b1 * square(sigma))
            terms.append(g.normalLpdf(r[t], mu, sigma, propto: t % 2 == 0))
        }
        let theta = g.concat([invLogit(p[4]), 1.0 - invLogit(p[4])])
        var gamma = g.concat([g.normalLpdf(r[0], mu, g.constant(1.0)), g.normalLpdf(r[0], p[5], g.constant(1.0))])
        for t in 1..<5 {
            let logTheta = log(theta)
            let a = gamma + logTheta + g.normalLpdf(r[t], mu, g.constant(1.0), propto: false)
            let b = gamma + logTheta + g.normalLpdf(r[t], p[5], sigma, propto: true)
            gamma = g.concat([g.logSumExp(a), g.logSumExp(g.concat([b, b[0]]))])
        }
        terms.append(g.logSumExp(gamma))
        return g.addScalars(terms)
    }

    private let x = [0.2, -0.7, 0.4, 0.9, -1.3, 0.6]

    private func evaluators() throws -> (taped: GraphEvaluator, plain: GraphEvaluator) {
        let g = Graph()
        let y = program(g, g.parameterInput(count: x.count))
        try g.validate()
        // Sharing repeated instructions (log(theta) at every step) reorders adjoint sums (ScalarTapeSharingTests);
        // off, the tape is bit-identical.
        return (GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: true, sharedSubexpressions: false),
                GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false))
    }

    func testDensitiesJoinTheTapeAndReplayBitForBit() throws {
        let (taped, plain) = try evaluators()
        // Everything but the final sum of the target terms is one tape.
        XCTAssertGreaterThanOrEqual(taped.tapedOperationCount, taped.densityOperationCount - 1)
        try assertBitIdenticalReplay(taped, plain, at: x)
    }

    func testTapedDensityGradientMatchesFiniteDifferences() throws {
        let (taped, _) = try evaluators()
        try assertGradientMatchesFiniteDifferences(taped, at: x)
    }

    func testScaleOutsideTheDomainThrowsTheNodesError() throws {
        let g = Graph()
        let p = g.parameterInput(count: 2)
        let y = g.addScalars([g.normalLpdf(g.constant(0.5), p[0], p[1] - 1.0), g.logSumExp(g.concat([p[0], p[1]]))])
        try g.validate()
        let taped = GraphEvaluator(graph: g, target: y.slot)
        let plain = GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false)
        XCTAssertGreaterThanOrEqual(taped.tapedOperationCount, 3)
        for ev in [taped, plain] {
            XCTAssertThrowsError(try ev.logDensity(at: [0.1, 0.25])) { error in
                XCTAssertEqual("\(error)", "\(LogDensityError.domain(variable: "normal", message: "scale is -0.75, but must be positive and finite"))")
            }
        }
        XCTAssertEqual(try taped.logDensity(at: [0.1, 2.5]).bitPattern, try plain.logDensity(at: [0.1, 2.5]).bitPattern)
    }
}
