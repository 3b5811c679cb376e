// Repeated tape instructions become copies: the same values bit for bit, gradients within rounding, fewer computations.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions
import StrataTestSupport

final class ScalarTapeSharingTests: XCTestCase {
    /// An HMM forward pass that recomputes log(theta) and the emission densities at every step (as Stan programs
    /// write it), plus a recursion that computes r[t] - mu twice per step and a repeated sqrt.
    private func program(_ g: Graph, _ p: Expr) -> Expr {
        let mu = p[0], a0 = exp(p[1])
        let r = g.constant([0.3, -1.2, 0.8, 2.1, -0.4, 0.05, 1.7])
        let theta = [g.concat([invLogit(p[2]), 1.0 - invLogit(p[2])]), g.concat([invLogit(p[3]), 1.0 - invLogit(p[3])])]
        var gamma = g.concat([g.normalLpdf(r[0], mu, g.constant(1.0)), g.normalLpdf(r[0], p[4], g.constant(1.0))])
        var terms: [Expr] = []
        for t in 1..<7 {
            var next: [Expr] = []
            for (k, m) in [mu, p[4]].enumerated() {
                let acc = gamma + log(g.concat([theta[0][k], theta[1][k]])) + g.normalLpdf(r[t], m, g.constant(1.0))
                next.append(g.logSumExp(acc))
            }
            gamma = g.concat(next)
            let s = sqrt(a0 + square(r[t - 1] - mu)) + sqrt(a0 + square(r[t - 1] - mu))
            terms.append(g.normalLpdf(r[t], mu, s, propto: true))
            terms.append(square(r[t] - mu) * -0.01)
        }
        terms.append(g.logSumExp(gamma))
        return g.addScalars(terms)
    }

    private let x = [0.2, -0.7, 0.4, -0.9, 1.3]

    private func evaluators() throws -> (shared: GraphEvaluator, plain: GraphEvaluator, unshared: GraphEvaluator) {
        let g = Graph()
        let y = program(g, g.parameterInput(count: x.count))
        try g.validate()
        return (GraphEvaluator(graph: g, target: y.slot),
                GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: false),
                GraphEvaluator(graph: g, target: y.slot, threadsPerChain: nil, scalarTapes: true, sharedSubexpressions: false))
    }

    func testRepeatsBecomeCopiesWithBitIdenticalValues() throws {
        let (shared, plain, unshared) = try evaluators()
        // Per step after the first: the two logs of theta's columns, the sqrt term's five instructions and
        // r[t] - mu (computed for the previous step's sqrt) are repeats.
        XCTAssertGreaterThanOrEqual(shared.sharedInstructionCount, 5 * 8)
        XCTAssertEqual(unshared.sharedInstructionCount, 0)
        try assertBitIdenticalReplay(unshared, plain, at: x)
        var g1 = [Double](repeating: 0, count: x.count), g2 = g1
        for shift in [0, 0.3, -0.45] {
            let point = x.map { $0 + shift }
            let v1 = try shared.valueAndGradient(at: point, gradient: &g1)
            let v2 = try plain.valueAndGradient(at: point, gradient: &g2)
            XCTAssertEqual(v1.bitPattern, v2.bitPattern, "value at shift \(shift)")
            XCTAssertEqual(try shared.logDensity(at: point).bitPattern, v2.bitPattern, "log density at shift \(shift)")
            for (a, b) in zip(g1, g2) { XCTAssertEqual(a, b, accuracy: 1e-12 * max(1, abs(b)), "gradient at shift \(shift)") }
        }
    }

    func testSharedGradientMatchesFiniteDifferences() throws {
        let (shared, _, _) = try evaluators()
        try assertGradientMatchesFiniteDifferences(shared, at: x)
    }

    /// Two equal expressions are computed once (the product and its log), a concatenation that repeats a slot is
    /// not a repeat, and the gradient adds both uses.
    func testEqualExpressionsAreComputedOnce() throws {
        let g = Graph()
        let p = g.parameterInput(count: 2)
        let y = g.addScalars([log(p[0] * p[1]), log(p[0] * p[1]), g.logSumExp(g.concat([p[0], p[1], p[0]]))])
        try g.validate()
        let shared = GraphEvaluator(graph: g, target: y.slot)
        XCTAssertEqual(shared.sharedInstructionCount, 2)
        var grad = [0.0, 0.0]
        let v = try shared.valueAndGradient(at: [1.5, 2.5], gradient: &grad)
        XCTAssertEqual(v, 2 * log(3.75) + log(2 * exp(1.5) + exp(2.5)), accuracy: 1e-14)
        XCTAssertEqual(grad[0], 2 / 1.5 + 2 * exp(1.5) / (2 * exp(1.5) + exp(2.5)), accuracy: 1e-13)
        XCTAssertEqual(grad[1], 2 / 2.5 + exp(2.5) / (2 * exp(1.5) + exp(2.5)), accuracy: 1e-13)
    }
}
