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
