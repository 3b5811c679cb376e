// lkj_corr_rng and lkj_corr_cholesky_rng: every off-diagonal correlation has LKJ's marginal moments (fixed seeds,
// tolerances of 5 standard errors), the factor is a valid Cholesky factor of the correlation draw, bad K/eta fail.
import StrataCore
import StrataDistributions
import XCTest

final class LkjRandomTests: XCTestCase {
    /// Under LKJ(eta) on K × K matrices each correlation r has (r + 1)/2 ~ Beta(b, b), b = eta − 1 + K/2: mean 0,
    /// variance 1/(2b + 1), fourth moment 3/((2b + 1)(2b + 3)) (eighth 105/((2b + 1)(2b + 3)(2b + 5)(2b + 7)) for its error). Checked for every pair (i, j), which exercises all
    /// columns of the vine, not only its first (where r is the drawn partial correlation itself).
    func testCorrelationMomentsMatchTheLkjMarginal() throws {
        for (k, eta) in [(3, 2.5), (4, 0.7), (5, 1.0)] {
            var rng = ChainRNG(seed: 17, chain: 0, stream: RandomStream.generatedQuantities)
            let n = 20_000
            var sums = [Double](repeating: 0, count: k * k), squares = sums, fourth = sums
            for _ in 0..<n {
                let r = try RandomDraws.lkjCorr(Double(k), eta, rng: &rng)
                for i in 0..<k {
                    XCTAssertEqual(r[i * k + i], 1)
                    for j in 0..<k { XCTAssertEqual(r[i * k + j], r[j * k + i]) }
                }
                for m in 0..<(k * k) { sums[m] += r[m]; squares[m] += r[m] * r[m]; fourth[m] += pow(r[m], 4) }
            }
            let b = eta - 1 + Double(k) / 2
            let variance = 1 / (2 * b + 1), m4 = 3 / ((2 * b + 1) * (2 * b + 3))
            let m8 = 105 / ((2 * b + 1) * (2 * b + 3) * (2 * b + 5) * (2 * b + 7))
            for i in 0..<k { for j in 0..<i {
                let m = i * k + j, label = "K=\(k) eta=\(eta) r[\(i + 1),\(j + 1)]"
                XCTAssertEqual(sums[m] / Double(n), 0, accuracy: 5 * (variance / Double(n)).squareRoot(), label + " mean")
                XCTAssertEqual(squares[m] / Double(n), variance, accuracy: 5 * ((m4 - variance * variance) / Double(n)).squareRoot(),
                               label + " variance")
                XCTAssertEqual(fourth[m] / Double(n), m4, accuracy: 5 * ((m8 - m4 * m4) / Double(n)).squareRoot(), label + " fourth moment")
            } }
        }
    }

    /// The Cholesky draw is lower triangular with rows of unit length, and from the same stream its L Lᵀ is the
    /// lkj_corr_rng draw.
    func testCholeskyDrawIsTheFactorOfTheCorrelationDraw() throws {
        var a = ChainRNG(seed: 3, chain: 1, stream: RandomStream.generatedQuantities), b = a
        let k = 4
        for _ in 0..<50 {
            let l = try RandomDraws.lkjCorrCholesky(Double(k), 1.7, rng: &a)
            let r = try RandomDraws.lkjCorr(Double(k), 1.7, rng: &b)
            for i in 0..<k {
                XCTAssertGreaterThan(l[i * k + i], 0)
                for j in (i + 1)..<k { XCTAssertEqual(l[i * k + j], 0) }
                XCTAssertEqual((0...i).map { l[i * k + $0] * l[i * k + $0] }.reduce(0, +), 1, accuracy: 1e-12)
                for j in 0..<i {
                    XCTAssertEqual((0...j).map { l[i * k + $0] * l[j * k + $0] }.reduce(0, +), r[i * k + j], accuracy: 1e-12)
                }
            }
        }
    }

    func testInvalidArgumentsNameTheFunction() {
        var rng = ChainRNG(seed: 1, chain: 0)
        XCTAssertThrowsError(try RandomDraws.lkjCorr(3, 0, rng: &rng)) { XCTAssertTrue("\($0)".contains("lkj_corr_rng: eta")) }
        XCTAssertThrowsError(try RandomDraws.lkjCorrCholesky(-1, 2, rng: &rng)) {
            XCTAssertTrue("\($0)".contains("lkj_corr_cholesky_rng: K"))
        }
        XCTAssertEqual(try RandomDraws.lkjCorr(1, 2, rng: &rng), [1])
    }
}
