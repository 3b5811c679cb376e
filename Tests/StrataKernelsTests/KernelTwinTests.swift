// Each SIMD kernel agrees with its scalar twin and with the C library at sizes 0...67.
import XCTest
import StrataKernels
import StrataCore
#if canImport(Glibc)
import Glibc
#endif

final class KernelTwinTests: XCTestCase {
    func testVectorExpIsWithinTwoUlpOfLibm() {
        var rng = ChainRNG(seed: 11, chain: 0)
        var worst = 0.0
        var xs: [Double] = (0..<200_000).map { _ in rng.uniform(-745, 709.7) }
        xs += (0..<100_000).map { _ in rng.uniform(-2, 2) }
        xs += [0, -0.0, 1e-300, -1e-300, 709.78, 709.79, -745.1, -745.2, -800, 800, .infinity, -.infinity]
        var out = [Double](repeating: 0, count: xs.count)
        xs.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in VectorExp.apply(x.baseAddress!, o.baseAddress!, range: 0..<xs.count) }
        }
        for (x, y) in zip(xs, out) {
            let ref = Glibc.exp(x)
            if ref.isInfinite || ref == 0 { XCTAssertEqual(y, ref, "x = \(x)"); continue }
            if ref < 2.2250738585072014e-308 { XCTAssertEqual(y, ref, accuracy: 2 * ref.ulp, "subnormal x = \(x)"); continue }
            worst = max(worst, abs(y - ref) / ref.ulp)
            XCTAssertEqual(VectorExp.exp(x), y, accuracy: 2 * ref.ulp, "scalar twin at \(x)")
        }
        XCTAssertLessThanOrEqual(worst, 2, "worst error in ulp")
        var nan = [Double.nan, 1, 2, 3, 4, 5, 6, 7]
        nan.withUnsafeMutableBufferPointer { p in VectorExp.apply(p.baseAddress!, p.baseAddress!, range: 0..<8) }
        XCTAssert(nan[0].isNaN)
    }

    func testBinaryKernelMatchesScalarTwinAtAllSmallSizes() {
        var rng = ChainRNG(seed: 5, chain: 1)
        for n in 0...67 {
            let a = (0..<n).map { _ in rng.normal() }, b = (0..<max(n, 1)).map { _ in rng.normal() }
            for (sa, sb) in [(1, 1), (0, 1), (1, 0)] {
                var simdOut = [Double](repeating: 0, count: n), scalarOut = simdOut
                let aa = sa == 0 ? [a.first ?? 1] : a, bb = sb == 0 ? [b[0]] : b
                if n == 0 { continue }
                aa.withUnsafeBufferPointer { pa in bb.withUnsafeBufferPointer { pb in
                    simdOut.withUnsafeMutableBufferPointer { o in
                        ElementwiseKernels.binary(pa.baseAddress!, strideA: sa, pb.baseAddress!, strideB: sb, o.baseAddress!,
                                                  range: 0..<n, simd: { $0 * $1 - $0 }, scalar: { $0 * $1 - $0 })
                    }
                    scalarOut.withUnsafeMutableBufferPointer { o in
                        ElementwiseKernels.binaryScalar(pa.baseAddress!, strideA: sa, pb.baseAddress!, strideB: sb,
                                                        o.baseAddress!, range: 0..<n) { $0 * $1 - $0 }
                    }
                }}
                XCTAssertEqual(simdOut, scalarOut, "n = \(n), strides \(sa),\(sb)")
            }
            let s = a.withUnsafeBufferPointer { ElementwiseKernels.sum($0.baseAddress!, range: 0..<n) }
            XCTAssertEqual(s, a.reduce(0, +), accuracy: 1e-12 * Double(max(n, 1)))
        }
    }
}

final class VectorLogTests: XCTestCase {
    func testVectorLogAndLog1pAreWithinTwoUlpOfLibm() {
        var rng = ChainRNG(seed: 12, chain: 0)
        var xs: [Double] = (0..<100_000).map { _ in Glibc.exp(rng.uniform(-700, 700)) }
        xs += (0..<100_000).map { _ in rng.uniform(0.5, 2) }
        xs += [1, 2, 0.5, 1e-310, 0, -1, .infinity, .nan, Double.leastNormalMagnitude, Double.greatestFiniteMagnitude, 3, 7, 1e-5, 1e5, 0.75, 0.999]
        var worstLog = 0.0, worstLog1p = 0.0
        for chunk in stride(from: 0, through: xs.count - 8, by: 8) {
            let v = SIMD8<Double>((0..<8).map { xs[chunk + $0] })
            let l = VectorLog.log(v)
            for i in 0..<8 {
                let ref = Glibc.log(v[i])
                if !ref.isFinite || ref == 0 { XCTAssert(l[i] == ref || (l[i].isNaN && ref.isNaN), "log(\(v[i]))"); continue }
                worstLog = max(worstLog, abs(l[i] - ref) / ref.ulp)
            }
        }
        let ys: [Double] = (0..<100_000).map { _ in rng.uniform(-0.9, 3) } + (0..<50_000).map { _ in Glibc.exp(rng.uniform(-60, 0)) }
            + [0, -0.0, 1e-300, -1, -2, .infinity, .nan, 1e300]
        for chunk in stride(from: 0, through: ys.count - 8, by: 8) {
            let v = SIMD8<Double>((0..<8).map { ys[chunk + $0] })
            let l = VectorLog.log1p(v)
            for i in 0..<8 {
                let ref = Glibc.log1p(v[i])
                if !ref.isFinite || ref == 0 { XCTAssert(l[i] == ref || (l[i].isNaN && ref.isNaN), "log1p(\(v[i]))"); continue }
                worstLog1p = max(worstLog1p, abs(l[i] - ref) / ref.ulp)
                XCTAssertEqual(VectorLog.log1p(v[i]), l[i], "scalar twin")
            }
        }
        XCTAssertLessThanOrEqual(worstLog, 2, "log: worst error in ulp")
        XCTAssertLessThanOrEqual(worstLog1p, 2, "log1p: worst error in ulp")
    }
}
