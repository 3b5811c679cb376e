// Type rules of the embedded Laplace functions: call shapes accepted, and Stan's rejections with their reasons.
import StrataStanFrontEnd
import XCTest

final class LaplaceCheckerTests: XCTestCase {
    private let functions = """
    functions {
      real ll(vector theta, real eta, array[] int y) { return poisson_log_lpmf(y | theta + eta); }
      real ll_data(data vector theta, real eta, array[] int y) { return poisson_log_lpmf(y | theta + eta); }
      real ll_complex(complex_vector theta, real eta, array[] int y) { return poisson_log_lpmf(y | get_real(theta) + eta); }
      vector sys(vector u, real c) { return u - c; }
      real ll_solver(vector theta, real eta, array[] int y) { return poisson_log_lpmf(y | theta + solve_newton(sys, theta, eta)); }
      real ll_indirect(vector theta, real eta, array[] int y) { return ll_solver(theta, eta, y); }
      matrix K(array[] real x, real alpha) { return gp_exp_quad_cov(x, alpha, 1.0); }
      matrix K_data(array[] real x, data real alpha) { return gp_exp_quad_cov(x, alpha, 1.0); }
    }
    data { int n; array[n] real x; array[n] int y; }
    parameters { real eta; real<lower=0> alpha; }

    """

    private func diagnostics(_ model: String) -> [String] {
        StanFrontEnd.check(source: functions + model).diagnostics.map(\.message)
    }

    func testEveryFormIsAccepted() {
        let model = """
        model {
          target += laplace_marginal(ll, (eta, y), 1, K, (x, alpha));
          target += laplace_marginal_tol(ll, (eta, y), 1, K, (x, alpha), generate_laplace_options(n));
          y ~ laplace_marginal_poisson_log(linspaced_int_array(n, 1, n), rep_vector(eta, n), 1, K, (x, alpha));
          target += laplace_marginal_neg_binomial_2_log_lpmf(y | y, alpha, rep_vector(0, n), 1, K, (x, alpha));
          target += laplace_marginal_tol_bernoulli_logit_lupmf(y | y, rep_vector(0, n), 1, K, (x, alpha),
                                                               (rep_vector(0, n), 1e-6, 100, 1, 0, 1));
        }
        generated quantities {
          vector[n] t1 = laplace_latent_rng(ll, (eta, y), 1, K, (x, alpha));
          vector[n] t2 = laplace_latent_tol_poisson_log_rng(y, y, rep_vector(0, n), 1, K, (x, alpha), generate_laplace_options(n));
          tuple(vector[n], matrix[n, n]) s = laplace_latent_solve(ll, (eta, y), 1, K, (x, alpha));
        }
        """
        XCTAssertEqual(diagnostics(model), [])
    }

    func testStansRejectionsAreReported() {
        let cases: [(String, String)] = [
            ("target += laplace_marginal(ll_solver, (eta, y), 1, K, (x, alpha));", "solve_newton"),
            ("target += laplace_marginal(ll_indirect, (eta, y), 1, K, (x, alpha));", "solve_newton"),
            ("target += laplace_marginal(ll_data, (eta, y), 1, K, (x, alpha));", "latent vector"),
            ("target += laplace_marginal(ll_complex, (eta, y), 1, K, (x, alpha));", "first argument is a vector"),
            ("target += laplace_marginal(ll, (eta, y), 1, K_data, (x, alpha));", "marked data"),
            ("target += laplace_marginal(ll, (eta, y), 1.0, K, (x, alpha));", "expected int"),
            ("target += laplace_marginal_tol(ll, (eta, y), 1, K, (x, alpha), (rep_vector(0, n), alpha, 100, 1, 0, 1));", "control"),
            ("tuple(vector[n], matrix[n, n]) s = laplace_latent_solve(ll, (eta, y), 1, K, (x, alpha));", "outside generated quantities"),
            ("target += laplace_marginal(ll, (eta, y), 1, K, x);", "a tuple of the function's arguments"),
            ("target += laplace_marginal(ll, (eta, y), 1, K);", "wrong number of arguments"),
        ]
        for (statement, fragment) in cases {
            let messages = diagnostics("model { \(statement) }")
            XCTAssert(messages.contains { $0.contains(fragment) }, "\(statement): \(messages)")
        }
    }
}
