// Gradient and propto checks for the discrete families (integer data outcomes, parameter-dependent rates).
import XCTest
import StrataAutodiff
import StrataDistributions

final class DiscreteFamilyTests: XCTestCase {
    func testBernoulli() throws {
        try FamilyHarness.check("bernoulli", [TestArg([0, 1, 1, 0], .data), TestArg(0.3, .unit)])
        try FamilyHarness.check("bernoulli", [TestArg([0, 1, 1, 0], .data), TestArg([0.2, 0.5, 0.9, 0.6], .unit)])
    }

    func testBernoulliLogit() throws {
        try FamilyHarness.check("bernoulli_logit", [TestArg([0, 1, 1, 0], .data), TestArg(0.3, .real)])
        try FamilyHarness.check("bernoulli_logit", [TestArg([0, 1, 1, 0], .data), TestArg([-2.0, 0.5, 3.0, 0.1], .real)])
    }

    func testBinomial() throws {
        try FamilyHarness.check("binomial", [TestArg([0, 3, 7], .data), TestArg([5, 3, 10], .data), TestArg(0.4, .unit)])
        try FamilyHarness.check("binomial", [TestArg([0, 3, 7], .data), TestArg(10, .data), TestArg([0.2, 0.5, 0.8], .unit)])
    }

    func testBinomialLogit() throws {
        try FamilyHarness.check("binomial_logit", [TestArg([0, 3, 7], .data), TestArg([5, 3, 10], .data), TestArg(-0.4, .real)])
        try FamilyHarness.check("binomial_logit", [TestArg([0, 3, 7], .data), TestArg(10, .data), TestArg([1.2, -0.5, 0.8], .real)])
    }

    func testPoisson() throws {
        try FamilyHarness.check("poisson", [TestArg([0, 3, 17], .data), TestArg(4.5, .positive)])
        try FamilyHarness.check("poisson", [TestArg([0, 3, 17], .data), TestArg([0.5, 2.0, 15.0], .positive)])
    }

    func testPoissonLog() throws {
        try FamilyHarness.check("poisson_log", [TestArg([0, 3, 17], .data), TestArg(1.5, .real)])
        try FamilyHarness.check("poisson_log", [TestArg([0, 3, 17], .data), TestArg([-0.5, 1.0, 2.7], .real)])
    }

    func testProptoWithDataRateIsZero() throws {
        let g = Graph()
        let lp = try DistributionRegistry.logDensity(family: "poisson", graph: g, outcome: g.constant([1, 2]),
                                                     arguments: [g.constant(3)], propto: true)
        XCTAssertTrue(lp.isConstant)
        XCTAssertEqual(g.initialValues[lp.slot.offset], 0)
    }
}
