// Gradient and propto checks for the continuous univariate families over scalar/vector argument shapes.
import XCTest
import StrataAutodiff
import StrataDistributions

final class ContinuousFamilyTests: XCTestCase {
    func testStudentT() throws {
        try FamilyHarness.check("student_t", [TestArg([0.3, -1.2, 2.5], .real), TestArg(3.5, .positive),
                                              TestArg([0.1, -0.4, 1.0], .real), TestArg(1.3, .positive)])
        try FamilyHarness.check("student_t", [TestArg(0.7, .real), TestArg([1.5, 6.0, 40.0], .positive),
                                              TestArg(-0.2, .real), TestArg([0.5, 1.0, 2.0], .positive)])
    }

    func testCauchy() throws {
        try FamilyHarness.check("cauchy", [TestArg([0.3, -1.2, 2.5], .real), TestArg(0.4, .real), TestArg([0.5, 1.0, 2.0], .positive)])
        try FamilyHarness.check("cauchy", [TestArg(1.7, .real), TestArg([0.1, -0.4, 1.0], .real), TestArg(0.8, .positive)])
    }

    func testNormalAndStdNormal() throws {
        try FamilyHarness.check("normal", [TestArg([0.3, -1.2], .real), TestArg(0.4, .real), TestArg([0.5, 2.0], .positive)])
        try FamilyHarness.check("std_normal", [TestArg([0.3, -1.2, 2.0], .real)])
    }

    func testExponential() throws {
        try FamilyHarness.check("exponential", [TestArg([0.3, 1.2, 2.5], .positive), TestArg(0.7, .positive)])
        try FamilyHarness.check("exponential", [TestArg(0.9, .positive), TestArg([0.5, 1.0, 3.0], .positive)])
    }

    func testGammaAndInverseGamma() throws {
        for family in ["gamma", "inv_gamma"] {
            try FamilyHarness.check(family, [TestArg([0.3, 1.2, 2.5], .positive), TestArg(2.5, .positive), TestArg(1.5, .positive)])
            try FamilyHarness.check(family, [TestArg(0.8, .positive), TestArg([0.5, 1.0, 4.0], .positive),
                                             TestArg([0.3, 2.0, 1.0], .positive)])
        }
    }

    func testLognormal() throws {
        try FamilyHarness.check("lognormal", [TestArg([0.3, 1.2, 2.5], .positive), TestArg(0.2, .real), TestArg(0.8, .positive)])
        try FamilyHarness.check("lognormal", [TestArg(1.4, .positive), TestArg([0.5, -1.0, 0.3], .real), TestArg([0.4, 1.0, 2.0], .positive)])
    }

    func testBeta() throws {
        try FamilyHarness.check("beta", [TestArg([0.3, 0.6, 0.9], .unit), TestArg(2.5, .positive), TestArg(1.5, .positive)])
        try FamilyHarness.check("beta", [TestArg(0.45, .unit), TestArg([0.5, 1.0, 4.0], .positive), TestArg([0.7, 3.0, 1.2], .positive)])
    }

    func testUniform() throws {
        try FamilyHarness.check("uniform", [TestArg([0.3, 0.6, 0.9], .real), TestArg(-1.0, .real), TestArg(2.0, .real)])
        try FamilyHarness.check("uniform", [TestArg(0.5, .real), TestArg([-1.0, 0.0, 0.2], .real), TestArg([1.0, 3.0, 0.8], .real)])
    }
}
