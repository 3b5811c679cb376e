// FFT autocovariance against the direct O(n^2) sum, and the FFT itself against a naive DFT.
import StrataDiagnostics
import XCTest

final class AutocovarianceTests: XCTestCase {
    private func direct(_ x: [Double]) -> [Double] {
        let n = x.count
        let m = x.reduce(0, +) / Double(n)
        return (0..<n).map { t in
            var s = 0.0
            for i in 0..<(n - t) { s += (x[i] - m) * (x[i + t] - m) }
            return s / Double(n)
        }
    }

    func testMatchesDirectSumForManyLengths() {
        var rng = TestRandom(seed: 11)
        for n in [1, 2, 3, 4, 7, 64, 100, 257, 1000] {
            let x = (0..<n).map { _ in 3 + rng.normal() }
            let fft = AutocovarianceWorkspace.autocovariance(x)
            let ref = direct(x)
            XCTAssertEqual(fft.count, n)
            for t in 0..<n {
                XCTAssertEqual(fft[t], ref[t], accuracy: 1e-12 * max(ref[0], 1), "n = \(n), lag \(t)")
            }
        }
    }

    func testPairedChainsMatchDirectSum() {
        var rng = TestRandom(seed: 12)
        for n in [1, 5, 64, 333] {
            let a = (0..<n).map { _ in rng.normal() }
            let b = (0..<n).map { i in 10 + 0.5 * Double(i) + rng.normal() }
            var workspace = AutocovarianceWorkspace(chainLength: n)
            var outA = [Double](), outB = [Double]()
            workspace.computePair(a, b, into: &outA, &outB)
            let refA = direct(a), refB = direct(b)
            for t in 0..<n {
                XCTAssertEqual(outA[t], refA[t], accuracy: 1e-12 * max(refA[0], 1), "a: n = \(n), lag \(t)")
                XCTAssertEqual(outB[t], refB[t], accuracy: 1e-12 * max(refB[0], 1), "b: n = \(n), lag \(t)")
            }
            // A constant partner must not disturb the other chain.
            workspace.computePair(a, [Double](repeating: 3, count: n), into: &outA, &outB)
            XCTAssertEqual(outB, [Double](repeating: 0, count: n))
            for t in 0..<n { XCTAssertEqual(outA[t], refA[t], accuracy: 1e-12 * max(refA[0], 1)) }
        }
    }

    func testConstantChainGivesZeros() {
        XCTAssertEqual(AutocovarianceWorkspace.autocovariance([2, 2, 2, 2]), [0, 0, 0, 0])
    }

    func testFFTMatchesNaiveDFT() {
        var rng = TestRandom(seed: 5)
        let plan = FFTPlan(minimumLength: 12)
        XCTAssertEqual(plan.length, 16)
        var re = (0..<16).map { _ in rng.normal() }
        var im = (0..<16).map { _ in rng.normal() }
        let (re0, im0) = (re, im)
        plan.forward(real: &re, imaginary: &im)
        for k in 0..<16 {
            var sr = 0.0, si = 0.0
            for j in 0..<16 {
                let a = -2 * Double.pi * Double(j * k) / 16
                sr += re0[j] * cos(a) - im0[j] * sin(a)
                si += re0[j] * sin(a) + im0[j] * cos(a)
            }
            XCTAssertEqual(re[k], sr, accuracy: 1e-12)
            XCTAssertEqual(im[k], si, accuracy: 1e-12)
        }
    }
}
