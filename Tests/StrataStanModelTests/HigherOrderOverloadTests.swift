// A user function passed to a higher-order built-in runs the overload the type checker chose (fewest promotions).
import StrataCore
import StrataModeling
import StrataOutput
import StrataStanModel
import XCTest

final class HigherOrderOverloadTests: XCTestCase {
    /// The log density at a fixed point of `model { theta ~ normal(0, 1); <body> }` with the given functions.
    private func density(functions: String, body: String, _ label: String) throws -> Double {
        let source = """
        functions {
        \(functions)
        }
        data { int K; }
        parameters { real<lower=0.1, upper=2> theta; }
        model { theta ~ normal(1, 1); \(body) }
        """
        let model = try StanModel.compile(source: source, fileName: "\(label).stan", data: try DataSet(json: #"{"K": 2}"#)).model
        return try StanTestSupport.valueAndGradient(model, at: [0.3]).0
    }

    /// Each case: the overload that an int argument selects exactly, a real one it would reach by promotion, and a
    /// call passing K (an int). The overloaded program must give the density of the program with the int overload
    /// only, and not that of the program with the real one only (or the test could not fail).
    private func assertRunsExactOverload(intOverload: String, realOverload: String, body: String, _ label: String) throws {
        let both = try density(functions: realOverload + "\n" + intOverload, body: body, label)
        let exact = try density(functions: intOverload, body: body, label + "_int")
        let promoted = try density(functions: realOverload, body: body, label + "_real")
        XCTAssertEqual(both, exact, label)
        XCTAssertNotEqual(both, promoted, label)
    }

    func testOdeRightHandSide() throws {
        try assertRunsExactOverload(
            intOverload: "vector rhs(real t, vector y, real a, int k) { return -a * k * y; }",
            realOverload: "vector rhs(real t, vector y, real a, real k) { return -a * y / k; }",
            body: "target += log(ode_rk45(rhs, [1.0]', 0.0, {1.0}, theta, K)[1][1]);", "ode")
    }

    func testReduceSumPartialSum() throws {
        try assertRunsExactOverload(
            intOverload: "real part(array[] real s, int a, int b, real th, int k) { return k * normal_lpdf(s | th, 1); }",
            realOverload: "real part(array[] real s, int a, int b, real th, real k) { return normal_lpdf(s | th, k); }",
            body: "target += reduce_sum(part, {0.5, 1.5, -0.2}, 1, theta, K);", "reduce_sum")
    }

    func testAlgebraicSystem() throws {
        try assertRunsExactOverload(
            intOverload: "vector sys(vector y, real th, int k) { return y - th * k; }",
            realOverload: "vector sys(vector y, real th, real k) { return y - th / k; }",
            body: "target += -square(solve_newton(sys, [1.0]', theta, K)[1]);", "solve_newton")
    }

    func testIntegrand() throws {
        try assertRunsExactOverload(
            intOverload: "real f(real x, real xc, real th, int k) { return exp(-th * k * x); }",
            realOverload: "real f(real x, real xc, real th, real k) { return exp(-th * x / k); }",
            body: "target += log(integrate_1d_gauss_kronrod(f, 0.0, 1.0, theta, K));", "integrate_1d")
    }

    /// Two overloads each needing one promotion: stanc3 rejects the call, and so does Strata (at type checking).
    func testAmbiguousOverloadIsRejected() {
        let functions = """
        vector rhs(real t, vector y, real a, int k) { return -a * y; }
        vector rhs(real t, vector y, int a, real k) { return -k * y; }
        """
        XCTAssertThrowsError(try density(functions: functions, body: "target += ode_rk45(rhs, [1.0]', 0.0, {1.0}, K, K)[1][1];",
                                         "ambiguous")) { error in
            XCTAssertTrue("\(error)".contains("rhs"), "\(error)")
        }
    }
}
