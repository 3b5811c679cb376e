// Checks the LAPACKE-backed Cholesky factor, solves and error reporting.
import XCTest
import StrataLinearAlgebra

final class CholeskyTests: XCTestCase {
    func testFactorReconstructsMatrixAndSolves() throws {
        let a = Matrix(rowsOf: [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]])
        let c = try Cholesky(a)
        let rebuilt = BLAS.multiply(c.lower, c.lower.transposed)
        for (x, y) in zip(rebuilt.elements, a.elements) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        let b = [1.0, -2, 0.5]
        let x = c.solve(b)
        let ax = BLAS.multiply(a, x)
        for (u, v) in zip(ax, b) { XCTAssertEqual(u, v, accuracy: 1e-12) }
        XCTAssertEqual(c.logDeterminant, 3.802208139420939, accuracy: 1e-9) // numpy slogdet
    }

    func testNotPositiveDefiniteIsReported() {
        let a = Matrix(rowsOf: [[1, 2], [2, 1]])
        XCTAssertThrowsError(try Cholesky(a)) { error in
            XCTAssertEqual(error as? LinearAlgebraError, .notPositiveDefinite(minor: 2))
        }
    }

    func testThreadCountCanBeLimited() {
        BLAS.setThreadCount(1)
        XCTAssertEqual(BLAS.threadCount, 1)
    }
}
