// Transforms at extreme unconstrained values (finite log J and gradients) and inside tiled execution.
import XCTest
import StrataAutodiff
import StrataDistributions
import StrataTestSupport

final class EdgeCaseTransformTests: XCTestCase {
    /// Every transform keeps log J and the gradient of log J + Σ y finite at |u| up to 40.
    func testExtremeInputsGiveFiniteLogJacobianAndGradient() throws {
        typealias Make = (Graph) -> any ParameterTransform
        var cases: [(name: String, make: Make, n: Int, k: Int)] = []
        cases.append(("upper", { UpperBoundTransform(upper: $0.constant(2)) }, 4, 4))
        cases.append(("offset", { OffsetMultiplierTransform(offset: $0.constant(1), multiplier: $0.constant(0.5)) }, 4, 4))
        cases.append(("ordered", { _ in OrderedTransform() }, 4, 4))
        cases.append(("positive_ordered", { _ in PositiveOrderedTransform() }, 4, 4))
        cases.append(("simplex ilr", { _ in SimplexTransform() }, 4, 5))
        cases.append(("simplex stick", { _ in SimplexTransform(method: .stickBreaking) }, 4, 5))
        cases.append(("cholesky_factor_corr", { _ in CholeskyFactorCorrTransform() }, 6, 16))
        cases.append(("corr_matrix", { _ in CorrMatrixTransform() }, 6, 16))
        cases.append(("cov_matrix", { _ in CovMatrixTransform() }, 6, 9))
        cases.append(("cholesky_factor_cov", { _ in CholeskyFactorCovTransform(rows: 3) }, 6, 9))
        for (name, make, n, k) in cases {
            for magnitude in [15.0, 40.0] {
                var u = [Double](repeating: 0, count: n)
                for i in 0..<n {
                    let sign: Double = i % 2 == 0 ? 1 : -1
                    let growth: Double = 1 + 0.1 * Double(i)
                    u[i] = sign * magnitude * growth
                }
                let g = Graph()
                let p = g.parameterInput(count: n)
                let (v, j) = make(g).constrain(p, constrainedCount: k, in: g)
                try g.validate()
                let ev = GraphEvaluator(graph: g, target: g.addScalars([j, sum(v)]).slot)
                var grad = [Double](repeating: 0, count: n)
                do {
                    let lp = try ev.valueAndGradient(at: u, gradient: &grad)
                    XCTAssert(lp.isFinite, "\(name) at ±\(magnitude): log density \(lp)")
                    XCTAssert(grad.allSatisfy(\.isFinite), "\(name) at ±\(magnitude): gradient \(grad)")
                } catch {
                    XCTFail("\(name) at ±\(magnitude): \(error)")
                }
                XCTAssert(ev.values(of: v.slot).allSatisfy { !$0.isNaN }, "\(name): NaN in value")
            }
        }
    }

    /// Long vectors run tile by tile next to other elementwise ops; the scalar multiplier's adjoint
    /// and the log-Jacobian accumulator must add up across tiles.
    func testOffsetMultiplierAndUpperBoundInsideTiledGroups() throws {
        let n = 2500
        let g = Graph()
        let p = g.parameterInput(count: n + 1)
        let s = sin(p[0..<n])
        let (y, j) = OffsetMultiplierTransform(offset: g.constant(0.5), multiplier: exp(p[n])).constrain(s, constrainedCount: n, in: g)
        let (z, j2) = UpperBoundTransform(upper: p[n]).constrain(y, constrainedCount: n, in: g)
        let target = g.addScalars([j, j2, sum(log1p(square(z)))])
        let ev = GraphEvaluator(graph: g, target: target.slot)
        var rng = TestNormals(seed: 61)
        let x = rng.vector(n + 1, scale: 0.5)
        var grad = [Double](repeating: 0, count: n + 1)
        let lp = try ev.valueAndGradient(at: x, gradient: &grad)
        // Reference value computed directly.
        let sigma = exp(x[n])
        var expected = Double(n) * x[n]
        for i in 0..<n {
            let yi = 0.5 + sigma * sin(x[i])
            let zi = x[n] - exp(yi)
            expected += yi + log1p(zi * zi)
        }
        XCTAssertEqual(lp, expected, accuracy: 1e-9 * abs(expected))
        // Central differences on a few coordinates, including ones in later tiles and the shared scale.
        for i in [0, 511, 512, 1800, n - 1, n] {
            let h = 1e-6
            var up = x, dn = x
            up[i] += h; dn[i] -= h
            let fd = (try ev.forward(at: up) - ev.forward(at: dn)) / (2 * h)
            XCTAssertEqual(grad[i], fd, accuracy: 1e-5 * max(1, abs(fd)), "d/dx[\(i)]")
        }
    }
}
