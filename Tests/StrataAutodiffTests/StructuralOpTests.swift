// Gradient checks for broadcasting arithmetic, reductions, gathers, concatenation, BLAS products and tiling.
import XCTest
import StrataAutodiff
import StrataLinearAlgebra

final class StructuralOpTests: XCTestCase {
    func testBinaryOperatorsWithBroadcasting() throws {
        let x = [0.7, 1.3, -0.4, 2.1, 0.9]
        for f in [BinaryFunction.add, .subtract, .multiply, .divide] {
            // vector-vector, scalar-vector, vector-scalar
            try checkGradient(at: x) { g, p in g.apply(f, p[0..<2], p[2..<4]) }
            try checkGradient(at: x) { g, p in g.apply(f, p[4], p[0..<4]) }
            try checkGradient(at: x) { g, p in g.apply(f, p[0..<4], p[4]) }
            try checkGradient(at: x) { g, p in g.apply(f, g.constant([1.5, -2]), p[1..<3]) }
        }
        try checkGradient(at: [0.7, 1.3, 0.4]) { g, p in pow(p[0..<2], p[2]) }
        try checkGradient(at: [0.7, 1.3, 0.4]) { g, p in pow(p[2], p[0..<2]) }
    }

    func testReductionsGatherConcat() throws {
        let x = [0.5, -1, 2, 3.5]
        try checkGradient(at: x, reference: { $0.reduce(0, +) }) { g, p in sum(p) }
        try checkGradient(at: x, reference: { $0[0] * $0[2] + $0[1] * $0[3] }) { g, p in dot(p[0..<2], p[2..<4]) }
        try checkGradient(at: x, reference: { x in x[2] * x[2] + x[0] * x[0] + x[2] * x[2] }) { g, p in
            square(g.gather(p, index: [2, 0, 2]))
        }
        try checkGradient(at: x) { g, p in square(g.concat([p[3], p[0..<2], g.constant(4)])) }
    }

    func testMatrixVectorProductThroughBLAS() throws {
        let m = Matrix(rowsOf: [[1, 2, 3], [-1, 0.5, 2], [0, 1, -3], [2, 2, 2]])
        try checkGradient(at: [0.3, -0.7, 1.1]) { g, p in square(g.multiply(m, p)) }
    }

    func testTiledExecutionMatchesAcrossTileBoundaries() throws {
        // 3000 elements: several tiles plus a remainder; chain of elementwise ops ending in a sum.
        let n = 3000
        let x = (0..<n).map { 0.001 * Double($0) - 1.3 }
        let g = Graph()
        let p = g.parameterInput(count: n + 1)
        let data = g.constant((0..<n).map { Double($0 % 7) })
        let v = p[0..<n]
        let s = p[n]
        let y = sum(square(data - v * exp(s * data / 7)) * 0.5)
        let ev = GraphEvaluator(graph: g, target: y.slot)
        var grad = [Double](repeating: 0, count: n + 1)
        let lp = try ev.valueAndGradient(at: x + [0.2], gradient: &grad)
        // Same computation with plain Doubles.
        var ref = 0.0, gs = 0.0
        var gv = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let d = Double(i % 7), e = Foundation.exp(0.2 * d / 7), r = d - x[i] * e
            ref += 0.5 * r * r
            gv[i] = -r * e
            gs += -r * x[i] * e * d / 7
        }
        XCTAssertEqual(lp, ref, accuracy: 1e-9 * abs(ref))
        for i in 0..<n { XCTAssertEqual(grad[i], gv[i], accuracy: 1e-10) }
        XCTAssertEqual(grad[n], gs, accuracy: 1e-8 * abs(gs))
    }

    func testSizeMismatchIsABuildError() {
        let g = Graph()
        let p = g.parameterInput(count: 3)
        _ = p + g.constant([1, 2])
        XCTAssertThrowsError(try g.validate())
    }
}
import Foundation
