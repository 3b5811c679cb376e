// Invalid Stan from the stanc3 bad/ suite that was once accepted: each is now rejected with its real reason.
import StrataStanFrontEnd
import XCTest

final class Stanc3BadProgramTests: XCTestCase {
    /// Asserts `source` is rejected with a located message containing `fragment` (never only "unsupported").
    private func assertRejected(_ source: String, _ fragment: String, line expectedLine: Int? = nil,
                                file: StaticString = #filePath, line: UInt = #line) {
        let result = StanFrontEnd.check(source: source)
        XCTAssertFalse(result.succeeded, "accepted:\n\(source)", file: file, line: line)
        guard let match = result.diagnostics.first(where: { ($0.message + " " + ($0.hint ?? "")).contains(fragment) }) else {
            XCTFail("\(result.diagnostics.map(\.message)) lacks '\(fragment)'", file: file, line: line)
            return
        }
        if case .unsupportedFeature = match { XCTFail("rejected only as unsupported", file: file, line: line) }
        if let expectedLine { XCTAssertEqual(match.range.start.line, expectedLine, file: file, line: line) }
    }

    private func assertAccepted(_ source: String, file: StaticString = #filePath, line: UInt = #line) {
        let result = StanFrontEnd.check(source: source)
        XCTAssertTrue(result.succeeded, "\(result.diagnostics.map(\.message))\n\(source)", file: file, line: line)
    }

    func testAssignedVariableCannotBeReadInItsOwnIndices() {
        assertRejected("generated quantities {\narray[2] int x = {1, 2};\nx[x[1]] = 2;\n}\n", "both assigned to and read",
                       line: 3)
        assertRejected("generated quantities {\narray[2] int n = {1, 2};\narray[2] int x = {1, 2};\nx[n[x[1]]] = 2;\n}\n",
                       "both assigned to and read", line: 4)
        assertAccepted("generated quantities { array[2] int n = {1, 2}; array[2] int x = {1, 2}; x[n[1]] = x[2]; }\n")
    }

    func testNestedMultiIndexingOnTheLeftIsRejected() {
        assertRejected("data { array[5] vector[5] x; }\ntransformed data {\narray[5] vector[5] y;\ny[:][1] = x[:][1];\n}\n",
                       "nested multi-indexing", line: 4)
        assertRejected("data { vector[5] x; }\ntransformed data { vector[5] y; y[:][:] = x[:][:]; }\n", "nested multi-indexing")
        // A multi-index in the last group, and single indices before it, are fine.
        assertAccepted("data { array[5] vector[5] x; }\ntransformed data { array[5] vector[5] y; y[1][2:3] = x[1][2:3];"
                       + " y[2, :] = x[2]; y[3][1] = 0; }\n")
    }

    func testElementwiseCompoundAssignmentNeedsAContainer() {
        assertRejected("generated quantities { real x = 1; real y = 2; x ./= y; }\n", "'./='")
        assertRejected("generated quantities { real x = 1; real y = 2; x .*= y; }\n", "'.*='")
        assertAccepted("generated quantities { vector[2] v = [1, 2]'; v .*= v; v ./= 2; real x = 1; x *= 2; x /= 3; }\n")
    }

    func testFamiliesWithoutCDFsHaveNoCDFCallsOrTruncation() {
        for suffix in ["_cdf", "_lcdf", "_lccdf"] {
            assertRejected("model { target += binomial_logit\(suffix)(1 | 0, 1); }\n", "no _cdf, _lcdf or _lccdf")
        }
        assertRejected("data { int n; int L; int U; }\nparameters { real alpha; }\nmodel {\n  n ~ poisson_log(alpha) T[L, U];\n}\n",
                       "truncation", line: 4)
        assertAccepted("data { real y; }\nparameters { real<lower=0> s; }\nmodel { y ~ normal(0, s) T[0, 10];"
                       + " target += normal_lcdf(y | 0, s); }\n")
    }

    func testRemovedFunctionsNameTheirReplacement() {
        assertRejected("transformed data { real mu = fabs(-1.2); }\n", "use 'abs' instead")
        assertRejected("transformed data { real m = multiply_log(1, 2); }\n", "use 'lmultiply' instead")
        assertRejected("transformed data { real m = binomial_coefficient_log(5, 2); }\n", "use 'lchoose' instead")
        assertRejected("model { real t = get_lp(); }\n", "was removed")
        assertAccepted("transformed data { real mu = abs(-1.2); real m = lmultiply(1, 2) + lchoose(5, 2); }\n")
    }

    func testConstraintKeywordsAreReservedNames() {
        for word in ["upper", "lower", "offset", "multiplier", "jacobian"] {
            assertRejected("data { int \(word); }\n", "reserved word")
        }
        assertAccepted("data { real<lower=0, upper=1> p; }\nparameters { real<offset=1, multiplier=2> q; }\n")
    }

    func testJacobianFunctionsOnlyInTransformedParametersAndJacobianFunctions() {
        let functions = "functions {\n  real bar_jacobian(real x) { return x; }\n  real bar(real x) { return bar_jacobian(x); }\n}\n"
        assertRejected(functions, "_jacobian function", line: 3)
        assertRejected("functions { real f_jacobian(real x) { return x; } }\nparameters { real y; }\n"
                       + "model { real z = f_jacobian(y); }\n", "_jacobian function")
        assertAccepted("functions { real f_jacobian(real x) { return x; } real g_jacobian(real x) { return f_jacobian(x); } }\n"
                       + "parameters { real y; }\ntransformed parameters { real z = g_jacobian(y); }\n")
    }

    func testHigherOrderFunctionsTakePureFunctionsOnly() {
        let sho = "  vector sho_SUFFIX(real t, vector y, real theta) { return -theta * y; }\n"
        for suffix in ["jacobian", "lp", "rng"] {
            let source = "functions {\n" + sho.replacingOccurrences(of: "SUFFIX", with: suffix) + "}\n"
                + "parameters { real<lower=0> th; }\ntransformed parameters {\n"
                + "  array[2] vector[2] y = ode_rk45(sho_\(suffix), [1, 0]', 0, {1.0, 2.0}, th);\n}\n"
            assertRejected(source, "pure function", line: 6)
        }
        assertRejected("functions { real part_jacobian(array[] real s, int a, int b) { return sum(s); } }\n"
                       + "transformed parameters { real z = reduce_sum(part_jacobian, {1.0, 2.0}, 1); }\n", "pure function")
    }

    /// The right-hand side of a variadic ODE call is chosen like any overload: fewest promotions, ties rejected
    /// (stanc3's bad/function-signatures/overloading/no_minimum_variadic.stan was accepted, one overload picked silently).
    func testVariadicFunctionArgumentOverloadsAreResolvedByPromotion() {
        let rhs = "functions {\n"
            + "  vector f(real t, vector y, real a, int b, real c) { return -a * y; }\n"
            + "  vector f(real t, vector y, real a, real b, int c) { return -a * y; }\n"
            + "}\nparameters { real<lower=0> th; }\ntransformed parameters {\n"
        assertRejected(rhs + "  array[1] vector[2] y = ode_rk45(f, [1, 0]', 0, {1.0}, th, 1, 1);\n}\n", "ambiguous call of 'f'",
                       line: 7)
        // One promotion against two: the first overload is the unique best; exact matches of either are fine.
        assertAccepted(rhs + "  array[1] vector[2] y = ode_rk45(f, [1, 0]', 0, {1.0}, th, 1, 1.0);\n}\n")
        assertAccepted(rhs + "  array[1] vector[2] y = ode_rk45(f, [1, 0]', 0, {1.0}, th, 1.0, 1);\n}\n")
        assertRejected(rhs + "  array[1] vector[2] y = ode_rk45(f, [1, 0]', 0, {1.0}, th, 1.0, 1.0);\n}\n",
                       "first argument of 'ode_rk45'", line: 7)
    }

    func testHigherOrderLibraryFunctionsCannotBeOverloaded() {
        assertRejected("functions { real reduce_sum(real x) { return x; } }\n", "reduce_sum")
        assertRejected("functions { real laplace_marginal_tol_neg_binomial_2_log_lpmf(int y) { return 1.0; } }\n",
                       "laplace_marginal_tol_neg_binomial_2_log_lpmf")
    }

    func testFactorialsTakeAnIntSecondArgument() {
        assertRejected("data { real d; real r; }\ntransformed data { real t = falling_factorial(d, r); }\n",
                       "falling_factorial")
        assertRejected("data { real d; real r; }\ntransformed data { real t = rising_factorial(d, r); }\n",
                       "rising_factorial")
        assertAccepted("data { real d; int k; }\ntransformed data { real t = falling_factorial(d, k); "
                       + "int u = rising_factorial(3, k); }\n")
    }

    /// `&&`, `||` and `!` are defined on ints only (stanc3's logical_and/or/negation); `?:` needs an int condition.
    func testLogicalOperatorsAndConditionsTakeInts() {
        assertRejected("transformed data { real x = 1; int b = x && 1; }\n", "'&&'")
        assertRejected("transformed data { real x = 1; int b = 0 || x; }\n", "'||'")
        assertRejected("transformed data { real x = 1; int b = !x; }\n", "'!'")
        assertRejected("transformed data { vector[2] v; int b = v && 1; }\n", "'&&'")
        assertRejected("transformed data { real x = 1; real y = x ? 1 : 2; }\n", "condition of '?:'")
        assertRejected("transformed data { vector[2] v; real y = v ? 1 : 2; }\n", "condition of '?:'")
        let hint = StanFrontEnd.check(source: "transformed data { real x = 1; int b = !x; }\n").diagnostics.first?.hint
        XCTAssertEqual(hint?.contains("x != 0"), true)
        assertAccepted("transformed data { real x = 1; int b = (x > 0) && (x < 2) || !(x == 3); real y = x > 0 ? 1 : 2.5; }\n")
    }

    func testFunctionSignaturesCannotUseConstrainedTypes() {
        assertRejected("functions {\n  void foo(array[] simplex x) { print(x); }\n}\n", "use 'vector' instead of 'simplex'",
                       line: 2)
        assertRejected("functions { void foo(corr_matrix x) { return; } }\n", "use 'matrix' instead of 'corr_matrix'")
    }

    /// `y ~ foo(...) T[L, ]` needs `foo_lccdf(L, ...)` (and `T[, U]` needs `foo_lcdf`) with matching arguments.
    func testTruncatedUserDistributionsNeedMatchingCDFs() {
        let source = """
        functions {
          real foo_lpdf(vector x, vector y, vector z) { return 0.1; }
          real foo_lpdf(vector x, real y, real z) { return 0.2; }
          real foo_lcdf(real b, real y, real z) { return 0.3; }
          real foo_lccdf(real b, real y, real z) { return 0.4; }
        }
        data { int N; vector[N] X; }
        parameters { real alpha, beta; vector[N] mu, sigma; }
        model {
          X ~ foo(alpha, beta) T[0, ];
          X ~ foo(mu, sigma) T[0, ];
        }
        """
        assertRejected(source, "truncation needs 'foo_lccdf' taking (int, vector, vector)", line: 11)
        let messages = StanFrontEnd.check(source: source).diagnostics.filter { $0.message.contains("truncation needs") }
        XCTAssertEqual(messages.count, 1, "only the second statement lacks a matching CDF")
    }

    /// Higher-order built-ins: a well-formed call is accepted, an ill-formed one is rejected for its real defect, and the
    /// function argument is never called "a variable".
    func testHigherOrderCallsAreCheckedBeforeBeingReportedUnsupported() {
        let functions = """
        functions {
          vector foo(vector shared, vector job, array[] real r, array[] int i) { return shared; }
          real part(array[] real slice, int start, int end, real mu) { return 0; }
          array[] real sho(real t, array[] real y, array[] real theta, array[] real x, array[] int xi) { return y; }
        }

        """
        let decls = "data { array[3, 3] real dr; array[3, 3] int di; array[4] real ys; array[2] real ts; array[0] real xr;"
            + " array[0] int xi; }\nparameters { vector[3] s; array[3] vector[3] j; array[3, 3] real pr; real mu;"
            + " array[1] real theta; }\n"
        func only(_ statement: String) -> [StanDiagnostic] {
            StanFrontEnd.check(source: functions + decls + "model {\n  \(statement)\n}\n").diagnostics
        }
        // Strata runs these now: a well-formed call is accepted.
        for good in ["target += sum(map_rect(foo, s, j, dr, di));", "target += reduce_sum(part, ys, 1, mu);",
                     "target += sum(to_array_1d(integrate_ode(sho, ys, 0.0, ts, theta, xr, xi)));"] {
            let diagnostics = only(good)
            XCTAssertTrue(diagnostics.isEmpty, "\(good): \(diagnostics.map(\.message))")
        }
        // Strata runs the ODE solvers: a well-formed call is accepted.
        let ode = only("target += sum(to_array_1d(integrate_ode_rk45(sho, ys, 0.0, ts, theta, xr, xi)));")
        XCTAssertTrue(ode.isEmpty, "\(ode.map(\.message))")
        let bad: [(String, String)] = [
            ("target += sum(map_rect(foo, s, j, pr, di));", "data only"),
            ("target += sum(map_rect(foo, s, s, dr, di));", "argument 3 of 'map_rect'"),
            ("target += sum(map_rect(part, s, j, dr, di));", "first argument of 'map_rect'"),
            ("target += sum(map_rect(mu, s, j, dr, di));", "user-defined function"),
            ("target += reduce_sum(part, mu, 1, mu);", "an array"),
            ("target += reduce_sum(part, ys, 1, s);", "first argument of 'reduce_sum'"),
            ("target += sum(to_array_1d(integrate_ode_bdf(foo, ys, 0.0, ts, theta, xr, xi)));", "first argument"),
        ]
        for (statement, fragment) in bad {
            let messages = only(statement).map(\.message)
            XCTAssertTrue(messages.contains { $0.contains(fragment) }, "\(statement): \(messages)")
            XCTAssertFalse(messages.contains { $0.contains("used as a variable") }, "\(statement): \(messages)")
        }
    }
}
