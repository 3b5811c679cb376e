// Forward-mode tangents through instruction tapes against reverse sweeps: J·V both ways, to rounding.
import Foundation
import XCTest
import StrataAutodiff
import StrataCore

final class TangentSweepTests: XCTestCase {
    /// A small vector function of 6 parameters using every tape code with a tangent rule: + - * / and pow with
    /// scalar and 3-element arguments (broadcasts both ways, constant sides), negation, squares, exp, log, log1p,
    /// other unary functions, and concatenation.
    private func function(_ g: Graph, _ p: Expr) -> Expr {
        let mu = p[0], a = exp(p[1]), b = invLogit(p[2]), v = p[3..<6]
        let c = g.constant([0.3, -1.2, 0.8])
        let s = sqrt(a + b * square(mu - 0.2) + 0.5)
        let w = pow(exp(v * mu) + 1.5, b) - v / (a + 2) + abs(v) * 0.1 - (-v) + c * v
        let u = pow(2.0 + square(mu), v) + tanh(v * s) + log(v * v + 1) - log1p(square(v)) / s
        let r = mu * a / (a + b) * s - b * mu
        return g.concat([r, w, u, -s, pow(a, 2.5) - 3.0 / b, c])
    }

    func testTangentsMatchReverseSweepProducts() throws {
        let g = Graph()
        let p = g.parameterInput(count: 6)
        let f = function(g, p)
        let weights = g.latent(count: f.count, initial: 0)
        let target = dot(weights, f)
        try g.validate()
        let e = GraphEvaluator(graph: g, target: target.slot)
        XCTAssertTrue(e.supportsTangents(skipping: target.slot))
        XCTAssertGreaterThan(e.fusedInstructionCount, 0) // fused pairs push their two halves' tangents
        let x = [0.2, -0.7, 0.4, 0.9, -1.3, 0.6], m = 2 * GraphEvaluator.tangentBlock
        let v = (0..<(6 * m)).map { Foundation.sin(1.7 * Double($0) + 0.3) }
        let tangents = UnsafeMutablePointer<Double>.allocate(capacity: g.arenaSize * m)
        defer { tangents.deallocate() }
        tangents.initialize(repeating: 0, count: g.arenaSize * m)
        let input = p.slot.offset
        for j in 0..<(6 * m) { tangents[input * m + j] = v[j] }
        try e.forward(at: x)
        e.pushTangents(tangents, directions: m)
        for i in 0..<f.count {
            e.withArena { arena in
                arena.adjoints.update(repeating: 0, count: g.arenaSize)
                for j in 0..<f.count { arena.value(weights.slot)[j] = i == j ? 1 : 0 }
            }
            e.backward()
            let row = e.adjoints(of: p.slot)
            for d in 0..<m {
                let expected = (0..<6).reduce(0.0) { $0 + row[$1] * v[$1 * m + d] }
                let got = tangents[(f.slot.offset + i) * m + d]
                XCTAssertEqual(got, expected, accuracy: 1e-13 * max(1, abs(expected)), "f[\(i)], direction \(d)")
            }
        }
        // The constant part's tangents are zero.
        for i in (f.count - 3)..<f.count { for d in 0..<m { XCTAssertEqual(tangents[(f.slot.offset + i) * m + d], 0) } }
    }

    func testOperationsWithoutTangentRulesAreReported() throws {
        let g = Graph()
        let p = g.parameterInput(count: 10)
        let f = exp(p) * 2.0 // ten elements: vector kernels, not a tape
        let weights = g.latent(count: 10, initial: 0)
        let target = dot(weights, f)
        XCTAssertFalse(GraphEvaluator(graph: g, target: target.slot).supportsTangents(skipping: target.slot))
        let h = Graph()
        let q = h.parameterInput(count: 2)
        let t = sum(exp(q)) + q[1]
        XCTAssertFalse(GraphEvaluator(graph: h, target: t.slot).supportsTangents(skipping: t.slot),
                       "a sum (not taped) before the skipped operation")
    }
}
