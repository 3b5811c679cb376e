// Gradient and propto checks for multi_normal_cholesky and lkj_corr_cholesky.
import XCTest
import StrataAutodiff
import StrataDistributions

final class MultivariateFamilyTests: XCTestCase {
    /// A 3×3 lower-triangular factor, row-major, with a nonzero upper triangle that must be ignored.
    let cholesky3: [Double] = [1.2, 0.7, -0.3,
                               0.4, 0.9, 0.5,
                               -0.3, 0.2, 1.5]

    func testMultiNormalCholeskyOneVector() throws {
        try FamilyHarness.check("multi_normal_cholesky", [TestArg([0.3, -1.2, 2.5], .real), TestArg([0.1, 0.2, -0.3], .real),
                                                          TestArg(cholesky3, .real)])
    }

    func testMultiNormalCholeskyRowsWithSharedAndPerRowLocation() throws {
        let ys: [Double] = [0.3, -1.2, 2.5, 1.0, 0.0, -0.5]
        try FamilyHarness.check("multi_normal_cholesky", [TestArg(ys, .real), TestArg([0.1, 0.2, -0.3], .real), TestArg(cholesky3, .real)])
        try FamilyHarness.check("multi_normal_cholesky", [TestArg(ys, .real), TestArg([0.1, 0.2, -0.3, 0.5, 0.6, 0.7], .real),
                                                          TestArg(cholesky3, .real)])
    }

    func testMultiNormalCholeskyIgnoresUpperTriangle() throws {
        let g = Graph()
        var lower = cholesky3
        lower[1] = 0; lower[2] = 0; lower[5] = 0
        let y = g.constant([0.3, -1.2, 2.5]), mu = g.constant([0.1, 0.2, -0.3])
        let a = g.multiNormalCholeskyLpdf(y, mu, g.constant(cholesky3))
        let b = g.multiNormalCholeskyLpdf(y, mu, g.constant(lower))
        try g.validate()
        XCTAssertEqual(g.initialValues[a.slot.offset], g.initialValues[b.slot.offset])
    }

    func testLkjCorrCholesky() throws {
        // Only the diagonal enters the density; a raw parameter block exercises every element's adjoint.
        let L: [Double] = [1, 0, 0, 0,
                           0.3, (0.91).squareRoot(), 0, 0,
                           -0.2, 0.4, (0.8).squareRoot(), 0,
                           0.1, 0.2, 0.3, (0.86).squareRoot()]
        try FamilyHarness.check("lkj_corr_cholesky", [TestArg(L, .real), TestArg(2.3, .positive)])
        try FamilyHarness.check("lkj_corr_cholesky", [TestArg(L, .real), TestArg(0.6, .positive)])
    }
}
