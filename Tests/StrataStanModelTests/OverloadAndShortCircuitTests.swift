// User-function overloads are resolved by argument types (exact, then promotion, ambiguity rejected); && and || short-circuit.
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import XCTest

final class OverloadAndShortCircuitTests: XCTestCase {
    private func logDensity(_ source: String, data: String = "{}", at x: [Double]) throws -> Double {
        let model = try StanModel.compile(source: source, fileName: "t.stan", data: try DataSet(json: data))
        return try model.model.withJacobian(false).makeEvaluator().logDensity(at: x)
    }

    /// The `vector` overload is used for a vector argument although the `row_vector` one is defined last:
    /// lp = normal_lpdf(0 | mu, 1) up to a constant, so lp(mu=2) - lp(mu=0) = -2.
    func testOverloadIsChosenByArgumentType() throws {
        let source = """
        functions {
          real scale(vector x) { return 1.0; }
          real scale(row_vector x) { return 100.0; }
          real pick(real x) { return 1; }
          real pick(int x) { return 2; }
        }
        data { vector[2] v; }
        parameters { real mu; }
        model {
          0 ~ normal(mu, scale(v));
          target += pick(3) + pick(3.5);
        }
        """
        let data = "{\"v\": [1, 2]}"
        let lp0 = try logDensity(source, data: data, at: [0]), lp2 = try logDensity(source, data: data, at: [2])
        XCTAssertEqual(lp2 - lp0, -2, accuracy: 1e-12)
        // pick(3) takes the exact int overload (2), pick(3.5) the real one (1).
        XCTAssertEqual(lp0, 3, accuracy: 1e-12)
    }

    func testPromotionPicksTheOnlyCandidateAndTiesAreAmbiguous() throws {
        let promoted = """
        functions { real f(real x, real y) { return x + y; } }
        parameters { real mu; }
        model { target += f(1, 2) - 0.5 * mu^2; }
        """
        XCTAssertEqual(try logDensity(promoted, at: [0]), 3, accuracy: 1e-12)
        let ambiguous = """
        functions {
          real f(real x, int y) { return 1; }
          real f(int x, real y) { return 2; }
        }
        parameters { real mu; }
        model { target += f(1, 2); }
        """
        let checked = StanFrontEnd.check(source: ambiguous)
        XCTAssertFalse(checked.succeeded)
        XCTAssertTrue(checked.diagnostics.contains { $0.message.contains("ambiguous call of 'f'") },
                      "\(checked.diagnostics.map(\.message))")
    }

    func testAndDoesNotEvaluateItsRightOperandWhenTheLeftIsFalse() throws {
        let source = """
        data { int N; array[2] real a; }
        transformed data {
          int count = 0;
          for (i in 1:N) {
            if ((i <= 2) && (a[i] > 0)) count += 1;
            if ((i > 2) || (a[i] < 0)) count += 10;
          }
        }
        parameters { real mu; }
        model { target += count; }
        """
        XCTAssertEqual(try logDensity(source, data: "{\"N\": 3, \"a\": [1, -1]}", at: [0]), 1 + 10 + 10, accuracy: 1e-12)
    }

    /// posteriordb's prophet program walks change points with `while (idx <= S && t[i] >= t_change[idx])`.
    func testWhileConditionShortCircuits() throws {
        let source = """
        data { int S; array[S] real t_change; }
        transformed data {
          int idx = 1;
          while (idx <= S && 10 >= t_change[idx]) idx += 1;
        }
        parameters { real mu; }
        model { target += idx; }
        """
        XCTAssertEqual(try logDensity(source, data: "{\"S\": 2, \"t_change\": [1, 2]}", at: [0]), 3, accuracy: 1e-12)
    }

    /// In a vectorised model-block loop the right operand is only needed for some iterations.
    func testShortCircuitInsideAParameterLoop() throws {
        let source = """
        data { int N; array[2] real a; }
        parameters { vector[N] x; }
        model {
          for (i in 1:N) {
            if (i <= 2 && a[i] > 0) x[i] ~ normal(0, 1);
            else x[i] ~ normal(0, 2);
          }
        }
        """
        let lp = try logDensity(source, data: "{\"N\": 3, \"a\": [1, -1]}", at: [1, 1, 1])
        XCTAssertEqual(lp, -0.5 - 0.125 - 0.125, accuracy: 1e-12)
    }
}

/// print() writes its values; reject() and fatal_error() carry their printed message.
final class PrintAndRejectTests: XCTestCase {
    func testRejectMessageCarriesPrintedValues() throws {
        let source = """
        data { int N; }
        transformed data { if (N < 0) reject("N must be non-negative, got ", N, " of ", {1, 2}); }
        parameters { real mu; }
        model { mu ~ normal(0, 1); }
        """
        XCTAssertThrowsError(try StanModel.compile(source: source, fileName: "r.stan", data: try DataSet(json: "{\"N\": -3}"))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("r.stan:2:"), text)
            XCTAssertTrue(text.contains("N must be non-negative, got -3 of [1,2]"), text)
        }
        XCTAssertNoThrow(try StanModel.compile(source: source, fileName: "r.stan", data: try DataSet(json: "{\"N\": 3}")))
        let fatal = "parameters { real mu; }\nmodel { fatal_error(\"stop here \", 2.5); }\n"
        XCTAssertThrowsError(try StanModel.compile(source: fatal, fileName: "f.stan", data: nil)) { error in
            XCTAssertTrue("\(error)".contains("fatal_error() is always reached when the program runs: stop here 2.5"), "\(error)")
        }
    }
}
