// Gradient, propto and data-error checks for the families composed from graph operations (Dirichlet, categorical, multi-normal).
import XCTest
import StrataAutodiff
import StrataDistributions

final class ComposedFamilyTests: XCTestCase {
    func testDirichlet() throws {
        try FamilyHarness.check("dirichlet", [TestArg([0.1, 0.2, 0.3, 0.4], .unit), TestArg([0.5, 1.0, 2.0, 7.5], .positive)])
        try FamilyHarness.check("dirichlet", [TestArg([0.1, 0.2, 0.3, 0.4, 0.7, 0.1, 0.15, 0.05], .unit), TestArg([0.5, 1.0, 2.0, 7.5], .positive)])
    }

    func testCategorical() throws {
        try FamilyHarness.check("categorical", [TestArg([1, 4, 4, 2], .data), TestArg([0.1, 0.25, 0.05, 0.4], .unit)])
        try FamilyHarness.check("categorical_logit", [TestArg([1, 4, 4, 2], .data), TestArg([-1.0, 0.5, 2.0, 0.0], .real)])
    }

    func testMultiNormalOnCovarianceAndPrecision() throws {
        let cov = [2.0, 0.3, -0.4, 0.3, 1.0, 0.2, -0.4, 0.2, 0.8]
        for family in ["multi_normal", "multi_normal_prec"] {
            try FamilyHarness.check(family, [TestArg([0.1, -0.5, 1.7, 1.2, -2.0, 2.5], .real), TestArg([0.5, -1.0, 2.0], .real), TestArg(cov, .real)])
        }
    }

    func testDataErrors() throws {
        try assertBuildError("dirichlet", [[0.5, 0.6], [1, 1]], "dirichlet: random variable sums to 1.1")
        try assertBuildError("dirichlet", [[0.5, 0.5], [1, -1]], "dirichlet: prior sample sizes[2] is -1.0")
        try assertBuildError("categorical", [[1, 6], [0.5, 0.5]], "categorical: outcome[2] is 6.0, but must be <= 2")
        try assertBuildError("categorical_logit", [[0], [0.5, 0.5]], "categorical_logit: outcome is 0.0, but must be an integer >= 1")
        try assertBuildError("multi_normal_prec", [[1, 2, 3], [0, 0], [1, 0, 0, 1]], "multi_normal_prec: size mismatch")
    }
}
