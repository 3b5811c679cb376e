// User-defined functions are inlined: values, densities used with `~`, void functions, recursion on data.
import StrataOutput
import StrataStanModel
import XCTest

final class UserFunctionTests: XCTestCase {
    static let source = """
    functions {
      real shifted_square(real x, real c) {
        return square(x - c);
      }
      vector affine(vector v, real a, real b) {
        vector[rows(v)] out;
        for (i in 1:rows(v)) out[i] = a + b * v[i];
        return out;
      }
      real my_normal_lpdf(vector y, vector mu, real sigma) {
        return normal_lpdf(y | mu, sigma);
      }
      int fib(int n) {
        if (n <= 2) return 1;
        return fib(n - 1) + fib(n - 2);
      }
      void add_prior_lp(real x) {
        target += -0.5 * shifted_square(x, 1);
      }
    }
    data {
      int N;
      vector[N] x;
      vector[N] y;
    }
    transformed data {
      int f6 = fib(6);
    }
    parameters {
      real a;
      real b;
      real<lower=0> sigma;
    }
    model {
      y ~ my_normal(affine(x, a, b), sigma);
      add_prior_lp(a);
      b ~ normal(0, f6);
      for (n in 1:N) target += -0.01 * shifted_square(y[n], a);
    }
    """

    func testInlinedFunctionsMatchDirectComputation() throws {
        let data = try DataSet(json: #"{"N": 3, "x": [1, 2, 3], "y": [1.5, 2.0, 3.5]}"#)
        let m = try StanModel.compile(source: Self.source, fileName: "fun.stan", data: data).model.withJacobian(false)
        let x = [0.4, 0.9, 0.2]
        let (lp, _) = try StanTestSupport.valueAndGradient(m, at: x)
        let a = x[0], b = x[1], sigma = Foundation.exp(x[2])
        let xs = [1.0, 2, 3], ys = [1.5, 2.0, 3.5]
        var expected = -0.5 * (a - 1) * (a - 1) - 0.5 * (b / 8) * (b / 8)
        for i in 0..<3 {
            let z = (ys[i] - (a + b * xs[i])) / sigma
            expected += -0.5 * z * z - Foundation.log(sigma) - 0.5 * Foundation.log(2 * Double.pi)
            expected += -0.01 * (ys[i] - a) * (ys[i] - a)
        }
        XCTAssertEqual(lp, expected, accuracy: 1e-12)
        try StanTestSupport.checkGradient(m, seed: 3, "fun.stan")
    }
}

final class ControlFlowTests: XCTestCase {
    /// Data-dependent `break`, `continue`, `while` and `target()` in unrolled loops.
    func testBreakContinueWhileAndTarget() throws {
        let source = """
        data {
          int N;
          vector[N] y;
        }
        parameters {
          real mu;
        }
        model {
          int n = 0;
          for (i in 1:N) {
            if (y[i] < 0) continue;
            if (i > 3) break;
            y[i] ~ normal(mu, 1);
          }
          while (n < 2) {
            n += 1;
            target += -0.5 * square(mu);
          }
          target += 0.25 * target();
        }
        """
        let data = try DataSet(json: #"{"N": 5, "y": [1.0, -2.0, 3.0, 4.0, 5.0]}"#)
        let m = try StanModel.compile(source: source, fileName: "flow.stan", data: data).model
        let mu = 0.7
        let (lp, g) = try StanTestSupport.valueAndGradient(m, at: [mu])
        // Terms: y[1] and y[3] (y[2] skipped, loop stops at i = 4), then two -mu^2/2, then scaled by 1.25.
        let inner = -0.5 * (1 - mu) * (1 - mu) - 0.5 * (3 - mu) * (3 - mu) - mu * mu
        XCTAssertEqual(lp, 1.25 * inner, accuracy: 1e-12)
        XCTAssertEqual(g[0], 1.25 * ((1 - mu) + (3 - mu) - 2 * mu), accuracy: 1e-12)
    }
}
