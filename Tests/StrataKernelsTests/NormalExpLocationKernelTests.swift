// The one-pass kernel for y ~ normal(v .* exp(s x), sigma) gives, bit for bit, what the separate kernels and loops of
// the general affine-location path give.
import XCTest
import CStrataKernels
import StrataCore
import StrataKernels

final class NormalExpLocationKernelTests: XCTestCase {
    func testOnePassMatchesTheSeparatePassesBitForBit() {
        var rng = ChainRNG(seed: 11, chain: 0)
        for n in Array(0...17) + [63, 255, 256, 257, 263, 511, 512, 1000] {
            let y = (0..<n).map { _ in rng.uniform(-5, 40) }
            let v = (0..<n).map { _ in rng.uniform(0, 50) }
            let x = (0..<n).map { _ in rng.uniform(0, 900) }
            let inverse = (0..<n).map { _ in 1 / rng.uniform(0.05, 9) }
            let s = -rng.uniform(1e-4, 1e-2), g = rng.uniform(0.5, 2)
            let start = (0..<n).map { _ in rng.uniform(-1, 1) }
            // The general path: exp kernel, product, quad and reverse kernels, the products' reverse loops, a dot.
            var e = [Double](repeating: 0, count: n), d = e
            strata_vexp(x, s, &e, n)
            let m = zip(v, e).map { $0 * $1 }
            let quad = strata_normal_quad_scaled(y, m, inverse, n)
            strata_normal_backward_scaled(y, m, inverse, n, g, nil, &d)
            var gv = start
            for i in 0..<n { gv[i] += d[i] * e[i] }
            var ge = [Double](repeating: 0, count: n)
            for i in 0..<n { ge[i] += d[i] * v[i] }
            for i in 0..<n { ge[i] = 0 + ge[i] * e[i] }
            let sAdjoint = ElementwiseKernels.dot(ge, x, range: 0..<n)
            // The one pass.
            var gvOne = start, lanes = [Double](repeating: 0, count: 8), tail = lanes
            let quadOne = strata_normal_exp_location_scaled(y, v, x, s, inverse, n, g, &gvOne, &lanes, &tail)
            var sOne = SIMD8<Double>(lanes).sum()
            for j in 0..<(n % 8) { sOne += tail[j] }
            XCTAssertEqual(quadOne.bitPattern, quad.bitPattern, "quad, n = \(n)")
            XCTAssertEqual(gvOne.map(\.bitPattern), gv.map(\.bitPattern), "v's adjoints, n = \(n)")
            XCTAssertEqual(sOne.bitPattern, sAdjoint.bitPattern, "s's adjoint, n = \(n)")
            // Without v's adjoints (v data) the rest is unchanged.
            var lanes2 = [Double](repeating: 0, count: 8), tail2 = lanes2
            let quad2 = strata_normal_exp_location_scaled(y, v, x, s, inverse, n, g, nil, &lanes2, &tail2)
            XCTAssertEqual(quad2.bitPattern, quad.bitPattern)
            XCTAssertEqual(lanes2.map(\.bitPattern), lanes.map(\.bitPattern))
        }
    }
}
