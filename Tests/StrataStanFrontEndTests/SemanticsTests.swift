// Unit tests of the type checker: inferred types, block read/assign rules, calls, distributions and placement.
import StrataStanFrontEnd
import XCTest

final class SemanticsTests: XCTestCase {
    private func diagnostics(_ source: String) -> [StanDiagnostic] {
        StanFrontEnd.check(source: source).diagnostics
    }

    /// Type of `expr` evaluated in a transformed data block after `declarations` in the data block.
    private func typeOf(_ expr: String, _ declarations: String) -> StanType? {
        let result = StanFrontEnd.check(source: "data { \(declarations) } transformed data { print(\(expr)); }")
        XCTAssertEqual(result.diagnostics, [], expr)
        guard case .print(let args) = result.program?.transformedData?.first?.kind else { return nil }
        return args.first?.type
    }

    func testIndexingTypes() {
        let decls = "int N; matrix[N, N] m; array[N] vector[N] xs; array[N] int idx; array[N, N] real a; vector[N] v;"
        XCTAssertEqual(typeOf("m[1]", decls), .rowVector)
        XCTAssertEqual(typeOf("m[:, 1]", decls), .vector)
        XCTAssertEqual(typeOf("m[1, 2:]", decls), .rowVector)
        XCTAssertEqual(typeOf("m[idx, idx]", decls), .matrix)
        XCTAssertEqual(typeOf("m[1, 1]", decls), .real)
        XCTAssertEqual(typeOf("xs[1]", decls), .vector)
        XCTAssertEqual(typeOf("xs[:, 1]", decls), .array(.real))
        XCTAssertEqual(typeOf("xs[1, 2]", decls), .real)
        XCTAssertEqual(typeOf("a[1]", decls), .array(.real))
        XCTAssertEqual(typeOf("v[idx]", decls), .vector)
        XCTAssertEqual(typeOf("idx[2:3]", decls), .array(.int))
    }

    func testOperatorTypes() {
        let decls = "int N; matrix[N, N] m; vector[N] v; row_vector[N] r; real x;"
        XCTAssertEqual(typeOf("r * v", decls), .real)
        XCTAssertEqual(typeOf("v * r", decls), .matrix)
        XCTAssertEqual(typeOf("m * v", decls), .vector)
        XCTAssertEqual(typeOf("r * m", decls), .rowVector)
        XCTAssertEqual(typeOf("m \\ v", decls), .vector)
        XCTAssertEqual(typeOf("v'", decls), .rowVector)
        XCTAssertEqual(typeOf("N / 2", decls), .int)
        XCTAssertEqual(typeOf("N ^ 2", decls), .real)
        XCTAssertEqual(typeOf("x + v", decls), .vector)
        XCTAssertEqual(typeOf("v .* v ./ v", decls), .vector)
        XCTAssertEqual(typeOf("N > 2 ? x : N", decls), .real)
        XCTAssertEqual(typeOf("{1, 2}", decls), .array(.int))
        XCTAssertEqual(typeOf("{x, 2}", decls), .array(.real))
        XCTAssertEqual(typeOf("[x, 2]", decls), .rowVector)
        XCTAssertEqual(typeOf("[r, r]", decls), .matrix)
        XCTAssertEqual(typeOf("{v, v}", decls), .array(.vector))
    }

    func testFunctionAndDistributionTypes() {
        let decls = "int N; vector[N] v; array[N] real a; array[N] int k;"
        XCTAssertEqual(typeOf("exp(v)", decls), .vector)
        XCTAssertEqual(typeOf("exp(N)", decls), .real)
        XCTAssertEqual(typeOf("log(a)", decls), .array(.real))
        XCTAssertEqual(typeOf("max(k)", decls), .int)
        XCTAssertEqual(typeOf("max(v)", decls), .real)
        XCTAssertEqual(typeOf("rep_array(v, 2, 3)", decls), .array(.vector, 2))
        XCTAssertEqual(typeOf("poisson_lpmf(k | v)", decls), .real)
        XCTAssertEqual(typeOf("normal_cdf(1.0 | 0, 1)", decls), .real)
        XCTAssertEqual(typeOf("gp_exp_quad_cov(a, 1.0, 2.0)", decls), .matrix)
    }

    func testRandomNumberGeneratorsAreVectorized() {
        let result = StanFrontEnd.check(source: """
            data { vector[3] mu; }
            generated quantities { array[3] real y = normal_rng(mu, 1); real z = normal_rng(0, 1);
              array[3] int c = poisson_rng(mu); int d = poisson_rng(2); }
            """)
        XCTAssertEqual(result.diagnostics, [])
    }

    func testBlockAssignmentRules() {
        func firstReason(_ source: String) -> String? {
            guard case .cannotAssign(_, let reason, _)? = diagnostics(source).first else { return nil }
            return reason
        }
        XCTAssertEqual(firstReason("transformed data { real x = 1; } generated quantities { x = 2; }"),
                       "transformed data can only be assigned in the 'transformed data' block")
        XCTAssertEqual(firstReason("parameters { real p; } transformed parameters { real t = p; } model { t = 1; }"),
                       "transformed parameters can only be assigned in the 'transformed parameters' block")
        XCTAssertEqual(firstReason("functions { real f(real x) { x = 1; return x; } }"),
                       "function arguments are read-only")
        XCTAssertEqual(diagnostics("generated quantities { real g; g = 1; { real local = g; local = 3; } }"), [])
    }

    func testModelLocalsAreNotVisibleInGeneratedQuantities() {
        guard case .undeclaredIdentifier("m", _, _)? = diagnostics(
            "model { real m = 1; } generated quantities { real g = m; }").first else {
            return XCTFail("expected undeclared 'm'")
        }
    }

    func testShadowingIsARedeclaration() {
        guard case .redeclaration("i", _, _)? = diagnostics(
            "transformed data { int i = 1; for (i in 1:3) { } }").first else { return XCTFail() }
    }

    func testUserDefinedFunctionsAndDistributions() {
        let ok = """
            functions { real f(real x); real f(real x) { return x; }
              real my_lpdf(vector y, real s) { return normal_lpdf(y | 0, s); } }
            data { vector[3] y; }
            parameters { real<lower=0> s; }
            model { y ~ my(s); target += my_lpdf(y | f(s)); }
            """
        XCTAssertEqual(diagnostics(ok), [])
        guard case .redeclaration("f", _, _)? = diagnostics(
            "functions { real f(real x) { return x; } real f(real x) { return 2 * x; } }").first else {
            return XCTFail("duplicate definition not reported")
        }
        guard case .noMatchingSignature("f", _, _)? = diagnostics(
            "functions { real f(real x) { return x; } } transformed data { real y = f([1, 2]); }").first else {
            return XCTFail("bad argument type not reported")
        }
    }

    func testPlacementRules() {
        guard case .misplacedStatement? = diagnostics(
            "functions { void f_lp(real x) { target += x; } } transformed data { f_lp(1); }").first else {
            return XCTFail("_lp call in transformed data not reported")
        }
        guard case .expected? = diagnostics("model { target += normal_lpdf(1, 0, 1); }").first else {
            return XCTFail("missing '|' not reported")
        }
        guard case .misplacedStatement? = diagnostics("model { target += exp(1 | 2); }").first else {
            return XCTFail("'|' in a non-density call not reported")
        }
        guard case .misplacedStatement? = diagnostics("transformed data { real x = 1; x ~ normal(0, 1); }").first else {
            return XCTFail("~ outside model not reported")
        }
    }

    func testUnsupportedFeatures() {
        // Every CDF Stan defines is computed (a family added without one would be reported as unsupported).
        for (name, overloads) in Distributions.families where Distributions.hasCDF(overloads[0]) {
            XCTAssert(Distributions.implementedCDFs.contains(name), "\(name) has CDFs in Stan but not in Strata")
        }
        XCTAssertTrue(diagnostics("data { vector[2] y; } model { y ~ wiener(1, 0.2, 0.5, 1); y ~ wiener(1, 0.2, 0.5, 1, 0.3); "
                                  + "y ~ wiener(1, 0.2, 0.5, 1, 0, 0.1, 0.1); target += wiener_lcdf_unnorm(y, 1, 0.2, 0.5, 1); }").isEmpty)
    }

    func testTypeMismatchDiagnosticsNameTheContext() {
        guard case .typeMismatch(let expected, let found, let context, _)? = diagnostics(
            "data { int N; vector[N] v; } transformed data { matrix[N, N] m = v; }").first else { return XCTFail() }
        XCTAssertEqual([expected, found, context], ["matrix", "vector", "initialization of 'm'"])
    }
}

final class TraversalTests: XCTestCase {
    func testDeclarationsAndTraversal() throws {
        let source = """
            data { int N; vector[N] y; }
            parameters { real mu; vector<lower=0>[N] s; }
            transformed parameters { vector[N] z = (y - mu) ./ s; { real tmp = 1; } }
            model { for (i in 1:N) { y[i] ~ normal(mu, s[i]); } }
            generated quantities { real m = mean(z); }
            """
        let program = try XCTUnwrap(StanFrontEnd.check(source: source).program)
        XCTAssertEqual(program.declarations(in: .parameters).map(\.name), ["mu", "s"])
        XCTAssertEqual(program.declarations(in: .transformedParameters).map(\.name), ["z"])
        XCTAssertEqual(program.declarations(in: .generatedQuantities).map(\.name), ["m"])
        var tildes = 0
        var variables: Set<String> = []
        for stmt in program.statements(in: .model) {
            stmt.forEachStatement { inner in
                if case .tilde = inner.kind { tildes += 1 }
                for e in inner.expressions { variables.formUnion(e.referencedVariables) }
            }
        }
        XCTAssertEqual(tildes, 1)
        XCTAssertEqual(variables, ["N", "y", "i", "mu", "s"])
        var untyped = 0
        for stmt in program.statements(in: .transformedParameters) {
            stmt.forEachStatement { inner in
                for e in inner.expressions { e.forEachNode { if $0.type == nil { untyped += 1 } } }
            }
        }
        XCTAssertEqual(untyped, 0, "every checked expression carries a type")
    }
}
