// The normal quadratic-form kernels sum z² exactly as "store the chunk's terms, then sum8": bit for bit at every size.
import XCTest
import CStrataKernels
import StrataCore

final class NormalQuadKernelTests: XCTestCase {
    /// Σ terms the way the kernels always have: per chunk of 256, eight lanes from 0 over whole blocks of eight,
    /// the lanes summed in pairs ((0+4)+(1+5))+((2+6)+(3+7)), the chunk's remaining terms added in order.
    private func chunkedSum(_ terms: [Double]) -> Double {
        var total = 0.0
        var start = 0
        while start < terms.count {
            let m = min(256, terms.count - start)
            var lanes = [Double](repeating: 0, count: 8)
            var i = 0
            while i + 8 <= m {
                for j in 0..<8 { lanes[j] += terms[start + i + j] }
                i += 8
            }
            var s = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]))
            while i < m { s += terms[start + i]; i += 1 }
            total += s
            start += 256
        }
        return total
    }

    func testQuadraticFormsMatchTheChunkedSumBitForBit() {
        var rng = ChainRNG(seed: 5, chain: 0)
        for n in Array(0...20) + [63, 64, 65, 255, 256, 257, 263, 520, 1001] {
            let y = (0..<n).map { _ in rng.uniform(-30, 30) }
            let mu = (0..<n).map { _ in rng.uniform(-3, 3) }
            let sigma = (0..<n).map { _ in rng.uniform(0.01, 7) }
            let inverse = sigma.map { 1 / $0 }
            let scalarInverse = 1 / 2.7
            let quad = strata_normal_quad(y, mu, sigma, n)
            let scaled = strata_normal_quad_scaled(y, mu, inverse, n)
            let scalar = strata_normal_quad_scalar(y, mu, scalarInverse, n)
            func squares(_ z: (Int) -> Double) -> [Double] { (0..<n).map { let v = z($0); return v * v } }
            XCTAssertEqual(quad.bitPattern, chunkedSum(squares { (y[$0] - mu[$0]) / sigma[$0] }).bitPattern, "quad, n = \(n)")
            XCTAssertEqual(scaled.bitPattern, chunkedSum(squares { (y[$0] - mu[$0]) * inverse[$0] }).bitPattern,
                           "quad_scaled, n = \(n)")
            XCTAssertEqual(scalar.bitPattern, chunkedSum(squares { (y[$0] - mu[$0]) * scalarInverse }).bitPattern,
                           "quad_scalar, n = \(n)")
        }
    }
}
