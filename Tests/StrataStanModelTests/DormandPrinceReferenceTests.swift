// The flat-buffer Dormand-Prince integrator against a plain nested-array transcription of the same method, bit for bit.
import StrataCore
import StrataStanModel
import XCTest
#if canImport(Glibc)
import Glibc
#endif

final class DormandPrinceReferenceTests: XCTestCase {
    /// The method as first written (arrays of stage arrays, tables indexed per use): the reference for the bits.
    static func reference(_ solver: DormandPrince45, _ z0: [Double], from t0: Double, to times: [Double],
                          _ f: (Double, [Double], inout [Double]) -> Void) -> (states: [[Double]], rejected: Int) {
        let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
        let a: [[Double]] = [[], [1.0 / 5], [3.0 / 40, 9.0 / 40], [44.0 / 45, -56.0 / 15, 32.0 / 9],
                             [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
                             [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
                             [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84]]
        let e: [Double] = [71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40]
        let (rtol, atol) = (solver.relativeTolerance, solver.absoluteTolerance)
        let n = z0.count
        var z = z0, t = t0, rejected = 0
        var k = [[Double]](repeating: [Double](repeating: 0, count: n), count: 7)
        f(t, z, &k[0])
        var d0 = 0.0, d1 = 0.0
        for i in 0..<n {
            let scale = atol + rtol * abs(z[i])
            d0 += (z[i] / scale) * (z[i] / scale)
            d1 += (k[0][i] / scale) * (k[0][i] / scale)
        }
        let h0 = d0 < 1e-10 || d1 < 1e-10 ? 1e-6 : 0.01 * (d0 / d1).squareRoot()
        var h = max(min(h0, abs(times.last! - t0)), 1e-10)
        var out: [[Double]] = [], stage = [Double](repeating: 0, count: n)
        for target in times {
            while t < target {
                let last = t + h >= target
                let step = last ? target - t : h
                for s in 1..<7 {
                    for i in 0..<n {
                        var acc = 0.0
                        for j in 0..<s { acc += a[s][j] * k[j][i] }
                        stage[i] = z[i] + step * acc
                    }
                    f(t + c[s] * step, stage, &k[s])
                }
                var err = 0.0
                for i in 0..<n {
                    var d = 0.0
                    for j in 0..<7 { d += e[j] * k[j][i] }
                    let r = step * d / (atol + rtol * max(abs(z[i]), abs(stage[i])))
                    err += r * r
                }
                err = (err / Double(n)).squareRoot()
                if err <= 1 { t = last ? target : t + step; z = stage; k[0] = k[6] } else { rejected += 1 }
                let factor = err == 0 ? 5 : min(5, max(0.2, 0.9 * Glibc.pow(err, -0.2)))
                if !(last && err <= 1) { h = step * factor } else { h = max(h, step * factor) }
            }
            out.append(z)
        }
        return (out, rejected)
    }

    func testFlatIntegratorReproducesTheNestedArrayOneBitForBit() throws {
        // Lotka-Volterra with a fast decaying third component (rejected steps) and an SIR-like saturating term.
        func rhs(_ t: Double, _ z: [Double], _ dz: inout [Double]) {
            dz[0] = 1.1 * z[0] - 0.4 * z[0] * z[1]
            dz[1] = -0.4 * z[1] + 0.1 * z[0] * z[1] / (z[3] + 2)
            dz[2] = -40 * (z[2] - Foundation.sin(t))
            dz[3] = 0.3 * z[1] - 0.2 * z[3]
        }
        for (rtol, atol) in [(1e-6, 1e-6), (1e-10, 1e-8), (1e-3, 1e-4)] {
            let solver = DormandPrince45(relativeTolerance: rtol, absoluteTolerance: atol)
            let times = [0.3, 1.0, 2.5, 2.5, 7.0, 20.0]
            let z0 = [10.0, 5.0, 3.0, 1.0]
            let expected = Self.reference(solver, z0, from: 0, to: times, rhs)
            XCTAssertGreaterThan(expected.rejected, 0, "the case should exercise rejected steps")
            let states = try solver.solve(z0, from: 0, to: times, rhs)
            XCTAssertEqual(states.map { $0.map(\.bitPattern) }, expected.states.map { $0.map(\.bitPattern) },
                           "rtol \(rtol), atol \(atol)")
        }
    }
}
