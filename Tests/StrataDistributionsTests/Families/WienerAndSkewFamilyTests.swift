// Gradient, propto and argument-error checks for wiener, skew_double_exponential, loglogistic, yule_simon and
// beta_neg_binomial (values are checked against scipy/mpmath in DistributionReferenceTests).
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions

final class WienerAndSkewFamilyTests: XCTestCase {
    /// Decision times on both sides of the switch between the small-time (u < 1) and large-time series.
    private let times = TestArg([0.35, 0.9, 3.2], .positive)

    func testWienerGradients() throws {
        try FamilyHarness.check("wiener", [times, TestArg(1.2, .positive), TestArg([0.1, 0.2, 0.05], .positive),
                                           TestArg(0.45, .unit), TestArg([0.8, -0.5, 1.5], .real)])
        try FamilyHarness.check("wiener", [times, TestArg([0.8, 1.5, 2.0], .positive), TestArg(0.2, .positive),
                                           TestArg([0.3, 0.6, 0.9], .unit), TestArg(-0.7, .real), TestArg([0.4, 1.1, 2.0], .positive)])
        try FamilyHarness.check("wiener", [times, TestArg(1.0, .positive), TestArg(0.2, .positive), TestArg(0.5, .unit),
                                           TestArg(0.3, .real), TestArg(0.6, .positive), TestArg(1e-4, .data)])
    }

    /// With sv = 0 the 5-argument form is the 4-argument one.
    func testWienerWithoutDriftVariabilityMatchesFourArguments() throws {
        let g = Graph()
        let y = g.constant([0.3, 0.8, 2.5]), a = g.constant(1.4), t0 = g.constant(0.15), w = g.constant(0.35), v = g.constant(-0.4)
        let four = try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: y, arguments: [a, t0, w, v], propto: false)
        let five = try DistributionRegistry.logDensity(family: "wiener", graph: g, outcome: y, arguments: [a, t0, w, v, g.constant(0)],
                                                       propto: false)
        try g.validate()
        XCTAssertEqual(try GraphEvaluator(graph: g, target: four.slot).forward(at: []),
                       try GraphEvaluator(graph: g, target: five.slot).forward(at: []), accuracy: 1e-12)
    }

    func testSkewDoubleExponentialAndLoglogisticGradients() throws {
        try FamilyHarness.check("skew_double_exponential", [TestArg([0.3, -1.2, 2.5], .real), TestArg(0.4, .real),
                                                            TestArg([0.5, 1.0, 2.0], .positive), TestArg(0.3, .unit)])
        try FamilyHarness.check("skew_double_exponential", [TestArg(1.7, .real), TestArg([0.1, -0.4, 1.0], .real),
                                                            TestArg(0.8, .positive), TestArg([0.2, 0.5, 0.9], .unit)])
        try FamilyHarness.check("loglogistic", [TestArg([0.3, 1.2, 2.5], .positive), TestArg(1.5, .positive),
                                                TestArg([0.5, 1.0, 4.0], .positive)])
    }

    func testCountFamilyGradients() throws {
        try FamilyHarness.check("yule_simon", [TestArg([1, 3, 17], .data), TestArg([0.4, 1.5, 6.0], .positive)])
        try FamilyHarness.check("beta_neg_binomial", [TestArg([0, 3, 12], .data), TestArg(2.5, .positive),
                                                      TestArg([0.7, 3.0, 12.0], .positive), TestArg(1.5, .positive)])
    }

    func testArgumentErrors() throws {
        try assertDomainError("wiener", [[0.5], [1], [0.1], [0.5], [0]], parameter: 3, value: 1)
        try assertDomainError("skew_double_exponential", [[0.5], [0], [1], [0.5]], parameter: 3, value: 0)
        try assertBuildError("wiener", [[0.1], [1], [0.2], [0.5], [0]], "wiener: random variable is 0.1, but must be > the nondecision time")
        try assertBuildError("yule_simon", [[0], [1]], "yule_simon: outcome is 0.0")
        try assertBuildError("wiener", [[0.5], [1], [0.1], [0.5], [0], [-1]], "wiener: inter-trial drift variability is -1.0")
    }
}
