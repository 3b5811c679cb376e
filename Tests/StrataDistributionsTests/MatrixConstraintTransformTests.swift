// sum_to_zero_matrix and row/column stochastic matrices: support, round trip, log|det J| against finite differences,
// gradients, and errors naming the variable.
import Foundation
import StrataAutodiff
import StrataDistributions
import XCTest

final class MatrixConstraintTransformTests: XCTestCase {
    func testSumToZeroMatrix() throws {
        var rng = TestNormals(seed: 41)
        for (r, c) in [(2, 2), (3, 4), (4, 3), (1, 3), (3, 1)] {
            let u = rng.vector(max(r - 1, 0) * max(c - 1, 0), scale: 1.5)
            // The top-left (R − 1) × (C − 1) block has the Kronecker product of the two truncated Helmert bases as its
            // Jacobian: log|det| = −(C − 1)/2 log R − (R − 1)/2 log C, the constant the transform leaves out.
            let dropped = -0.5 * Double(c - 1) * log(Double(r)) - 0.5 * Double(r - 1) * log(Double(c))
            try TransformCheck.run({ _ in SumToZeroMatrixTransform(rows: r, columns: c) }, u: u, constrainedCount: r * c,
                                   coordinates: { y in (0..<(r - 1)).flatMap { i in (0..<(c - 1)).map { y[i * c + $0] } } },
                                   support: { y in
                                       for i in 0..<r where abs((0..<c).reduce(0) { $0 + y[i * c + $1] }) > 1e-12 { return "row \(i + 1)" }
                                       for j in 0..<c where abs((0..<r).reduce(0) { $0 + y[$1 * c + j] }) > 1e-12 { return "column \(j + 1)" }
                                       return nil
                                   }, droppedConstant: dropped)
        }
        // An isometry: ‖Y‖ = ‖X‖.
        let g = Graph()
        let p = g.parameterInput(count: 6)
        let (v, _) = SumToZeroMatrixTransform(rows: 3, columns: 4).constrain(p, constrainedCount: 12, in: g)
        let ev = GraphEvaluator(graph: g, target: v[0].slot)
        let u = [0.3, -1.2, 2.0, 0.7, -0.4, 1.1]
        try ev.forward(at: u)
        XCTAssertEqual(ev.values(of: v.slot).reduce(0) { $0 + $1 * $1 }, u.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-13)
        TransformCheck.expectError("Z") {
            _ = try SumToZeroMatrixTransform(rows: 2, columns: 2).unconstrain([1, -1, -1, 1.5], variable: "Z", in: g)
        }
    }

    func testStochasticMatrices() throws {
        var rng = TestNormals(seed: 42)
        for byRow in [true, false] {
            for (r, c) in [(2, 3), (3, 2), (1, 4), (4, 1)] {
                let (count, size) = byRow ? (r, c) : (c, r)
                let u = rng.vector(count * (size - 1))
                func coordinates(_ y: [Double]) -> [Double] {
                    var out: [Double] = []
                    for k in 0..<count {
                        for e in 0..<(size - 1) { out.append(byRow ? y[k * c + e] : y[e * c + k]) }
                    }
                    return out
                }
                func support(_ y: [Double]) -> String? {
                    if y.contains(where: { $0 <= 0 }) { return "non-positive element" }
                    for k in 0..<count {
                        var total = 0.0
                        for e in 0..<size { total += byRow ? y[k * c + e] : y[e * c + k] }
                        if abs(total - 1) > 1e-12 { return "sum \(total)" }
                    }
                    return nil
                }
                try TransformCheck.run({ _ in StochasticMatrixTransform(rows: r, columns: c, byRow: byRow) }, u: u,
                                       constrainedCount: r * c, coordinates: coordinates, support: support)
            }
        }
        TransformCheck.expectError("P column 2") {
            _ = try StochasticMatrixTransform(rows: 2, columns: 2, byRow: false).unconstrain([0.5, 0.3, 0.5, 0.6], variable: "P", in: Graph())
        }
    }
}
