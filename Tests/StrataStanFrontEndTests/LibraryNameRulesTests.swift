// The checker's rules for library names: operator function names, user overloads of library functions, `_lupdf` calls of
// user densities, data-only library arguments, constraint order, empty statements and truncation bounds.
import StrataStanFrontEnd
import XCTest

final class LibraryNameRulesTests: XCTestCase {
    private func diagnostics(_ source: String) -> [StanDiagnostic] {
        StanFrontEnd.check(source: source).diagnostics
    }

    func testOperatorFunctionNamesAreTheOperators() {
        let source = """
            data { vector[2] a; vector[2] b; matrix[2, 2] m; }
            transformed data {
              vector[2] s = add(a, b);
              vector[2] p = multiply(m, a);
              vector[2] e = elt_multiply(a, b);
              vector[2] n = minus(a);
              int c = logical_and(logical_gt(1, 0), logical_negation(0));
            }
            """
        XCTAssertEqual(diagnostics(source), [])
    }

    func testOperatorFunctionNameWithBadTypesIsRejected() {
        guard case .invalidOperands? = diagnostics("data { vector[2] a; } transformed data { real x = add(a, {1, 2}); }").first else {
            return XCTFail("add(vector, array) accepted")
        }
    }

    func testUserOverloadOfALibraryFunction() {
        let source = """
            functions {
              vector to_vector(real a, real b, real c) { return [a, b, c]'; }
              real bernoulli_lpmf(int y, real theta, real alpha) { return log(theta) + alpha; }
            }
            data { int y; }
            transformed data { vector[3] v = to_vector(1, 2, 3); vector[3] w = to_vector({1, 2, 3}); }
            parameters { real<lower=0, upper=1> theta; }
            model { y ~ bernoulli(theta); y ~ bernoulli(theta, 0.5); }
            """
        XCTAssertEqual(diagnostics(source), [])
        // The library's own signature cannot be taken.
        guard case .redeclaration("exp", _, _)? = diagnostics("functions { real exp(real x) { return x; } }").first else {
            return XCTFail("a user exp(real) was accepted")
        }
    }

    func testUnnormalisedCallsOfUserDensities() {
        let source = """
            functions {
              real foo_lpdf(real x, real mu) { return -square(x - mu); }
              real goo_lpmf(int n) { return -n; }
              real baz_lpdf(real x) { return foo_lupdf(x | 0.5); }
            }
            data { int n; }
            parameters { real mu; }
            model { target += foo_lupdf(mu | 1) + goo_lupmf(n) + baz_lpdf(mu); }
            """
        XCTAssertEqual(diagnostics(source), [])
    }

    func testDataOnlyLibraryArguments() {
        guard case .requiresData("to_int", _, _)? = diagnostics("parameters { real x; } model { int k = to_int(x); }").first else {
            return XCTFail("to_int of a parameter accepted in the model block")
        }
        XCTAssertEqual(diagnostics("parameters { real x; } generated quantities { int k = to_int(x); array[2] int ks = to_int({x, 2.5}); }"), [])
        guard case .requiresData("linspaced_vector", _, _)? = diagnostics(
            "parameters { real x; } transformed parameters { vector[3] v = linspaced_vector(3, 0, x); }").first else {
            return XCTFail("linspaced_vector of a parameter accepted")
        }
    }

    func testConstraintOrderAndEmptyStatements() {
        XCTAssertEqual(diagnostics("data { ; real<upper=2, lower=1> g;; real<multiplier=2, offset=1> h; } parameters { real y;; }"), [])
    }

    func testArrayExpressionOpensATildeStatement() {
        XCTAssertEqual(diagnostics("parameters { real z; } model { {5.5, 6.5} ~ normal(z, 1); { real w = 1; } }"), [])
        XCTAssertFalse(diagnostics("model { {5.5, 6.5} ~ ; }").isEmpty)
    }

    func testTruncationBoundsFollowTheFamily() {
        XCTAssertEqual(diagnostics("model { 1 ~ normal(0, 1) T[0.5, 2.5]; }"), [])
        XCTAssertFalse(diagnostics("model { 1 ~ poisson(3) T[0.5, ]; }").isEmpty, "a real bound on a pmf's int variate")
    }

    func testReshapeSignaturesAreStans() {
        XCTAssertEqual(diagnostics("""
            data { vector[6] v; matrix[2, 3] m; array[6] int k; array[2] row_vector[3] rs; }
            transformed data {
              matrix[2, 3] a = to_matrix(v, 2, 3, 0);
              matrix[3, 2] b = to_matrix(m, 3, 2, 1);
              matrix[2, 3] c = to_matrix(k, 2, 3);
              matrix[2, 3] d = to_matrix(rs);
              vector[6] e = to_vector(k);
            }
            """), [])
        XCTAssertFalse(diagnostics("transformed data { vector[1] v = to_vector(3); }").isEmpty, "to_vector of a scalar")
    }
}
