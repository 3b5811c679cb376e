// Checks the inverse normal CDF against 50-digit reference values.
import StrataDiagnostics
import XCTest

final class NormalQuantileTests: XCTestCase {
    /// Reference values: mpmath (50 digits), root of ncdf(x) = p for the exact double p.
    private let table: [(p: Double, x: Double)] = [
        (1e-300, -37.047096299361199237),
        (1e-20, -9.2623400897984075796),
        (1e-10, -6.3613409024040561991),
        (0.001, -3.0902323061678135354),
        (0.02425, -1.9729610513118848376),
        (0.1, -1.2815515655446004353),
        (0.3, -0.52440051270804081597),
        (0.5, 0.0),
        (0.7, 0.52440051270804065631),
        (0.975, 1.9599639845400538556),
        (0.999999, 4.7534243088170877657),
        (1 - 0x1p-40, 7.0477002566644087254),
    ]

    func testInverseCDFMatchesHighPrecisionReference() {
        for (p, x) in table {
            let q = NormalQuantile.inverseCDF(p)
            XCTAssertEqual(q, x, accuracy: 4e-15 * max(1, abs(x)), "p = \(p)")
        }
    }

    func testInverseCDFEdgesAndRoundTrip() {
        XCTAssertEqual(NormalQuantile.inverseCDF(0), -.infinity)
        XCTAssertEqual(NormalQuantile.inverseCDF(1), .infinity)
        XCTAssertTrue(NormalQuantile.inverseCDF(-0.1).isNaN)
        XCTAssertTrue(NormalQuantile.inverseCDF(1.5).isNaN)
        XCTAssertTrue(NormalQuantile.inverseCDF(.nan).isNaN)
        var p = 1e-6
        while p < 1 {
            let x = NormalQuantile.inverseCDF(p)
            XCTAssertEqual(NormalQuantile.cdf(x), p, accuracy: 1e-15 + 1e-14 * p, "p = \(p)")
            XCTAssertEqual(NormalQuantile.inverseCDF(1 - p), -x, accuracy: 1e-9, "symmetry at p = \(p)")
            p += 0.0123
        }
    }
}
