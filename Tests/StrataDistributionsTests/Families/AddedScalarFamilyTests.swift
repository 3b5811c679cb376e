// Gradient, propto and argument-error checks for the univariate families added through ScalarFamily descriptions.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions

final class AddedScalarFamilyTests: XCTestCase {
    func testNegativeBinomials() throws {
        let n = TestArg([0, 3, 17], .data)
        for family in ["neg_binomial", "neg_binomial_2"] {
            try FamilyHarness.check(family, [n, TestArg(2.5, .positive), TestArg([0.7, 3.0, 12.0], .positive)])
            try FamilyHarness.check(family, [n, TestArg([0.5, 4.0, 20.0], .positive), TestArg(1.5, .positive)])
        }
        try FamilyHarness.check("neg_binomial_2_log", [n, TestArg([-0.5, 1.0, 3.0], .real), TestArg(1.5, .positive)])
        try FamilyHarness.check("neg_binomial_2_log", [n, TestArg(0.8, .real), TestArg([0.7, 3.0, 12.0], .positive)])
        try FamilyHarness.check("beta_binomial", [n, TestArg([5, 3, 20], .data), TestArg(2.5, .positive), TestArg([0.7, 3.0, 1.2], .positive)])
    }

    func testLocationScaleFamilies() throws {
        for family in ["logistic", "double_exponential", "gumbel"] {
            try FamilyHarness.check(family, [TestArg([0.3, -1.2, 2.5], .real), TestArg(0.4, .real), TestArg([0.5, 1.0, 2.0], .positive)])
            try FamilyHarness.check(family, [TestArg(1.7, .real), TestArg([0.1, -0.4, 1.0], .real), TestArg(0.8, .positive)])
        }
        for family in ["skew_normal", "exp_mod_normal"] {
            try FamilyHarness.check(family, [TestArg([0.3, -1.2, 2.5], .real), TestArg(0.4, .real), TestArg([0.5, 1.0, 2.0], .positive),
                                             TestArg(1.3, family == "skew_normal" ? .real : .positive)])
            try FamilyHarness.check(family, [TestArg(1.7, .real), TestArg([0.1, -0.4, 1.0], .real), TestArg(0.8, .positive),
                                             TestArg([0.5, 2.0, 0.7], .positive)])
        }
    }

    func testPositiveFamilies() throws {
        for family in ["weibull", "frechet", "scaled_inv_chi_square"] {
            try FamilyHarness.check(family, [TestArg([0.3, 1.2, 2.5], .positive), TestArg(1.5, .positive), TestArg([0.5, 1.0, 2.0], .positive)])
            try FamilyHarness.check(family, [TestArg(0.9, .positive), TestArg([0.7, 2.0, 4.0], .positive), TestArg(1.3, .positive)])
        }
        for family in ["rayleigh", "chi_square", "inv_chi_square"] {
            try FamilyHarness.check(family, [TestArg([0.3, 1.2, 2.5], .positive), TestArg(1.5, .positive)])
            try FamilyHarness.check(family, [TestArg(0.9, .positive), TestArg([0.7, 2.0, 4.0], .positive)])
        }
        // Pareto: y >= y_min, so only the shape and an outcome far above y_min vary.
        try FamilyHarness.check("pareto", [TestArg([3.0, 5.0, 9.0], .data), TestArg(1.5, .positive), TestArg([0.5, 2.0, 1.0], .positive)])
        try FamilyHarness.check("pareto_type_2", [TestArg([3.0, 5.0, 9.0], .positive), TestArg(0.5, .data),
                                                  TestArg([0.5, 2.0, 1.0], .positive), TestArg(2.5, .positive)])
    }

    func testArgumentErrorsNameFamilyArgumentAndElement() throws {
        try assertDomainError("neg_binomial_2", [[3], [2], [1]], parameter: 2, value: -1)
        try assertDomainError("neg_binomial_2_log", [[3], [2], [1]], parameter: 1, value: .nan)
        try assertDomainError("weibull", [[0.5], [2], [1]], parameter: 0, value: -1)
        try assertDomainError("pareto", [[3], [2], [1]], parameter: 0, value: 1)
        try assertDomainError("double_exponential", [[0.5], [0], [1]], parameter: 2, value: 0)
        try assertBuildError("neg_binomial_2", [[1, 2.5], [3], [1]], "neg_binomial_2: outcome[2] is 2.5")
        try assertBuildError("neg_binomial_2", [[1], [3], [0, 1]], "neg_binomial_2: precision[1] is 0.0, but must be positive and finite")
        try assertBuildError("beta_binomial", [[4], [3], [1], [1]], "beta_binomial: successes is 4.0, but must be <= population size 3.0")
        try assertBuildError("pareto_type_2", [[1], [2], [1], [1]], "pareto_type_2: random variable is 1.0, but must be >= the location 2.0")
        try assertBuildError("gumbel", [[1, 2], [0, 0, 0], [1]], "gumbel: size mismatch")
    }
}
