// Parameter values outside a family's domain throw recoverable errors; bad data fails the build naming argument and element.
import XCTest
import StrataAutodiff
import StrataCore
import StrataDistributions

final class DomainAndDataErrorTests: XCTestCase {
    func testParameterOutsideDomainThrows() throws {
        try assertDomainError("student_t", [[0.5], [3], [0], [1]], parameter: 1, value: -1)
        try assertDomainError("student_t", [[0.5], [3], [0], [1]], parameter: 3, value: 0)
        try assertDomainError("cauchy", [[0.5], [0], [1]], parameter: 2, value: -2)
        try assertDomainError("exponential", [[0.5], [1]], parameter: 0, value: -0.1)
        try assertDomainError("exponential", [[0.5], [1]], parameter: 1, value: 0)
        try assertDomainError("gamma", [[0.5], [2], [1]], parameter: 0, value: -1)
        try assertDomainError("gamma", [[0.5], [2], [1]], parameter: 1, value: -1)
        try assertDomainError("inv_gamma", [[0.5], [2], [1]], parameter: 2, value: .nan)
        try assertDomainError("lognormal", [[0.5], [0], [1]], parameter: 0, value: 0)
        try assertDomainError("beta", [[0.5], [2], [1]], parameter: 0, value: 1.2)
        try assertDomainError("uniform", [[0.5], [0], [1]], parameter: 0, value: 1.5)
        try assertDomainError("uniform", [[0.5], [0], [1]], parameter: 2, value: 0.3)
        try assertDomainError("bernoulli", [[1], [0.5]], parameter: 1, value: 1.5)
        try assertDomainError("binomial", [[1], [3], [0.5]], parameter: 2, value: -0.5)
        try assertDomainError("poisson", [[1], [2]], parameter: 1, value: -2)
        try assertDomainError("poisson_log", [[1], [2]], parameter: 1, value: .infinity)
        try assertDomainError("lkj_corr_cholesky", [[1, 0, 0.6, 0.8], [2]], parameter: 1, value: -1)
        try assertDomainError("multi_normal_cholesky", [[0.5], [0], [2]], parameter: 2, value: -1)
    }

    /// Habit 7: a NaN in any parameter-dependent argument is rejected, never silently turned into a number.
    func testNaNParameterThrowsForEveryFamilyAndArgument() throws {
        let table: [(String, [[Double]], [Int])] = [
            ("student_t", [[0.5], [3], [0], [1]], [0, 1, 2, 3]), ("cauchy", [[0.5], [0], [1]], [0, 1, 2]),
            ("exponential", [[0.5], [1]], [0, 1]), ("gamma", [[0.5], [2], [1]], [0, 1, 2]),
            ("inv_gamma", [[0.5], [2], [1]], [0, 1, 2]), ("lognormal", [[0.5], [0], [1]], [0, 1, 2]),
            ("beta", [[0.5], [2], [1]], [0, 1, 2]), ("uniform", [[0.5], [0], [1]], [0, 1, 2]),
            ("bernoulli", [[1], [0.5]], [1]), ("bernoulli_logit", [[1], [0.5]], [1]),
            ("binomial", [[1], [3], [0.5]], [2]), ("binomial_logit", [[1], [3], [0.5]], [2]),
            ("poisson", [[1], [2]], [1]), ("poisson_log", [[1], [2]], [1]),
            ("multi_normal_cholesky", [[0.5], [0], [2]], [0, 1, 2]), ("lkj_corr_cholesky", [[1, 0, 0.6, 0.8], [2]], [1]),
        ]
        for (family, values, positions) in table {
            for position in positions {
                try assertDomainError(family, values, parameter: position, value: .nan)
            }
        }
    }

    func testBadDataIsABuildErrorNamingArgumentAndElement() throws {
        try assertBuildError("student_t", [[1], [2, -3], [0], [1]], "student_t: degrees of freedom[2] is -3.0")
        try assertBuildError("gamma", [[1, -2, 3], [2], [1]], "gamma: random variable[2] is -2.0")
        try assertBuildError("gamma", [[1], [2], [0]], "gamma: inverse scale is 0.0")
        try assertBuildError("beta", [[0.5], [1], [-1]], "beta: second shape is -1.0")
        try assertBuildError("uniform", [[0.5, 3], [0], [1]], "uniform: random variable[2] is 3.0")
        try assertBuildError("uniform", [[0.5], [1], [0]], "uniform: upper bound is 0.0")
        try assertBuildError("poisson", [[1, 2.5], [3]], "poisson: outcome[2] is 2.5")
        try assertBuildError("poisson_log", [[-1], [3]], "poisson_log: outcome is -1.0")
        try assertBuildError("bernoulli", [[0, 2], [0.5]], "bernoulli: outcome[2] is 2.0")
        try assertBuildError("binomial", [[1, 6], [5], [0.5]], "binomial: successes[2] is 6.0, but must be <= population size 5.0")
        try assertBuildError("binomial_logit", [[1], [2.5], [0.5]], "binomial_logit: population size is 2.5")
        try assertBuildError("lognormal", [[1, 2], [0, 0, 0], [1]], "lognormal: size mismatch")
        try assertBuildError("lkj_corr_cholesky", [[1, 0, 0.5, 0.5], [2]], "row 2")
        try assertBuildError("lkj_corr_cholesky", [[1, 0.1, 0, 1], [2]], "random variable[1,2] is 0.1")
        try assertBuildError("multi_normal_cholesky", [[1, 2], [0, 0], [1, 0, 0, -1]], "Cholesky factor[2,2] is -1.0")
        try assertBuildError("multi_normal_cholesky", [[1, 2, 3], [0, 0], [1, 0, 0, 1]], "multiples of K = 2")
    }

    func testIntegerOutcomeMustBeData() throws {
        let g = Graph()
        _ = g.poissonLpmf(g.parameterInput(count: 2), g.constant(1))
        XCTAssertThrowsError(try g.validate()) { XCTAssert("\($0)".contains("poisson: outcome must be data"), "\($0)") }
    }
}
