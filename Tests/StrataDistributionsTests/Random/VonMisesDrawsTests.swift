// von_mises_rng: the circular moments E cos(y − μ) = I₁(κ)/I₀(κ) and E sin(y − μ) = 0 within 5 standard errors, and Stan's range.
import StrataCore
import StrataDistributions
import XCTest

final class VonMisesDrawsTests: XCTestCase {
    /// I_n(x) by its power series (fine for the small x used here).
    private func besselI(_ n: Int, _ x: Double) -> Double {
        var term = pow(x / 2, Double(n)) / (1...max(n, 1)).reduce(1.0) { $0 * Double($1) }, sum = term
        for k in 1..<60 {
            term *= (x / 2) * (x / 2) / (Double(k) * Double(k + n))
            sum += term
        }
        return sum
    }

    func testCircularMomentsAndRange() throws {
        for (mu, kappa) in [(0.5, 2.0), (7.0, 0.3), (-2.0, 25.0), (1.0, 0.0)] {
            var rng = ChainRNG(seed: 17, chain: 0, stream: RandomStream.generatedQuantities)
            let n = 20_000
            let y = try RandomDraws.draw("von_mises", arguments: [[mu], [kappa]], count: n, rng: &rng)
            let centre = fmod(mu, 2 * Double.pi)
            XCTAssert(y.allSatisfy { $0 >= centre - Double.pi && $0 <= centre + Double.pi }, "range for mu = \(mu)")
            let c = y.map { cos($0 - mu) }, s = y.map { sin($0 - mu) }
            let expected = kappa == 0 ? 0 : besselI(1, kappa) / besselI(0, kappa)
            for (values, target, what) in [(c, expected, "cos"), (s, 0.0, "sin")] {
                let m = values.reduce(0, +) / Double(n)
                let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
                XCTAssertEqual(m, target, accuracy: 5 * sd / Double(n).squareRoot() + 1e-12, "E \(what)(y − μ), κ = \(kappa)")
            }
        }
        var rng = ChainRNG(seed: 1, chain: 0, stream: RandomStream.generatedQuantities)
        XCTAssertThrowsError(try RandomDraws.draw("von_mises", arguments: [[0], [-1]], count: 1, rng: &rng))
    }
}
