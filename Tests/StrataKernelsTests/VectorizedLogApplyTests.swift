// The array log/log1p kernels (C, vectorised) agree with the C library within 2 ulp, special values exactly.
import XCTest
import StrataKernels
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

final class VectorizedLogApplyTests: XCTestCase {
    private func check(_ xs: [Double], apply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Range<Int>) -> Void,
                       reference: (Double) -> Double, _ label: String) {
        var out = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { o in apply(x.baseAddress!, o.baseAddress!, 0..<xs.count) } }
        var worst = 0.0
        for (x, y) in zip(xs, out) {
            let ref = reference(x)
            if !ref.isFinite || ref == 0 { XCTAssert(y == ref || (y.isNaN && ref.isNaN), "\(label)(\(x)) = \(y), expected \(ref)"); continue }
            worst = max(worst, abs(y - ref) / ref.ulp)
        }
        XCTAssertLessThanOrEqual(worst, 2, "\(label): worst error in ulp")
    }

    func testArrayLogAndLog1pMatchLibmIncludingSpecialValuesAndTails() {
        var rng = ChainRNG(seed: 21, chain: 0)
        let specials: [Double] = [0, -0.0, -1, -2, 1e-310, .infinity, -.infinity, .nan, 1, 2, Double.leastNormalMagnitude,
                                  Double.greatestFiniteMagnitude, 1e-300, -1e-300]
        for n in [0, 1, 7, 8, 9, 67] {
            let xs = (0..<n).map { _ in Glibc.exp(rng.uniform(-50, 50)) }
            check(xs, apply: { VectorLog.applyLog($0, $1, range: $2) }, reference: Glibc.log, "log n=\(n)")
        }
        let logInputs = (0..<20_000).map { _ in Glibc.exp(rng.uniform(-700, 700)) } + specials
        check(logInputs, apply: { VectorLog.applyLog($0, $1, range: $2) }, reference: Glibc.log, "log")
        let log1pInputs = (0..<20_000).map { _ in rng.uniform(-0.999, 5) } + (0..<5_000).map { _ in Glibc.exp(rng.uniform(-60, 0)) }
            + specials + [-0.9999999999, 1e-17, -1e-17]
        check(log1pInputs, apply: { VectorLog.applyLog1p($0, $1, range: $2) }, reference: Glibc.log1p, "log1p")
        // An offset range writes only inside it.
        var out = [Double](repeating: 42, count: 10)
        let xs = [Double](repeating: 1, count: 10)
        xs.withUnsafeBufferPointer { x in out.withUnsafeMutableBufferPointer { VectorLog.applyLog(x.baseAddress!, $0.baseAddress!, range: 3..<5) } }
        XCTAssertEqual(out, [42, 42, 42, 0, 0, 42, 42, 42, 42, 42])
    }
}
