// Stan programs using the CDFs built on the incomplete gamma and beta functions, Owen's T and the count families
// (gamma … beta_proportion, skew_normal, yule_simon, beta_neg_binomial, discrete_range) lower, run and have
// finite-difference gradients in every argument, truncation included.
import StrataOutput
import StrataStanModel
import XCTest

final class SpecialFunctionCDFProgramTests: XCTestCase {
    func testProgramsUsingTheSpecialFunctionCDFsRunWithCorrectGradients() throws {
        let source = """
            data { int N; vector<lower=0, upper=1>[N] p; vector<lower=0>[N] x; array[N] int n; }
            parameters {
              real<lower=0> alpha; real<lower=0> beta; real<lower=0> nu; real<lower=0, upper=1> mu; real xi;
              real<lower=0> y;
            }
            model {
              y ~ gamma(alpha, beta) T[0, ];
              x[2] ~ gamma(alpha, beta) T[0.1, 5];
              target += gamma_lcdf(x | alpha, beta) + gamma_lccdf(x | alpha, beta) + inv_gamma_lcdf(x | alpha, beta)
                        + inv_gamma_lccdf(x | alpha, beta) + log(chi_square_cdf(x | nu)) + chi_square_lccdf(x | nu);
              target += inv_chi_square_lcdf(x | nu) + inv_chi_square_lccdf(y | nu)
                        + scaled_inv_chi_square_lcdf(x | nu, beta) + scaled_inv_chi_square_lccdf(x | nu, beta);
              target += beta_lcdf(p | alpha, beta) + beta_lccdf(p | alpha, beta) + beta_proportion_lpdf(p | mu, nu)
                        + beta_proportion_lcdf(p | mu, nu) + beta_proportion_lccdf(p | mu, nu);
              p[1] ~ beta(alpha, beta) T[, 0.9];
              target += skew_normal_lcdf(x | xi, beta, alpha) + skew_normal_lccdf(x | xi, beta, -alpha)
                        + skew_normal_lcdf(-3 | xi, 0.5, 2 + alpha);
              n[2] ~ yule_simon(alpha) T[1, 40];
              target += yule_simon_lcdf(n | alpha) + yule_simon_lccdf(n | alpha) + beta_neg_binomial_lcdf(n | nu, alpha + 1, beta)
                        + beta_neg_binomial_lccdf(n | nu, alpha + 1, beta) + discrete_range_lpmf(n | 0, 10)
                        + discrete_range_lcdf(n | 0, 10) + discrete_range_lccdf(n | 0, 10);
              n[1] ~ discrete_range(-1, 4) T[0, ];
              xi ~ std_normal();
            }
            generated quantities {
              real b = beta_proportion_rng(mu, nu);
              int d = discrete_range_rng(-2, 3);
            }
            """
        let data = #"{"N": 3, "p": [0.2, 0.5, 0.85], "x": [0.3, 1.2, 2.6], "n": [1, 2, 5]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "cdfs.stan", "special-function CDFs")
    }

    /// Stan's CDFs take the end points of the support that its densities do not (y = 0 for gamma_lcdf).
    func testCDFsAtTheEndsOfTheSupport() throws {
        let source = """
            transformed data {
              real a = gamma_lcdf(0 | 2, 1); real b = gamma_lccdf(0 | 2, 1); real c = inv_gamma_lcdf(0 | 2, 1);
              real d = beta_lcdf(1 | 2, 3); real e = beta_lccdf(0 | 2, 3); real f = chi_square_lccdf(0 | 3);
              print(a, " ", b, " ", c, " ", d, " ", e, " ", f);
            }
            parameters { real z; }
            model { z ~ std_normal(); }
            """
        XCTAssertNoThrow(try StanModel.compile(source: source, fileName: "ends.stan", data: try DataSet(json: "{}")))
        XCTAssertThrowsError(try StanModel.compile(source: "transformed data { real a = gamma_lcdf(-1 | 2, 1); } parameters { real z; } model { }",
                                                   fileName: "negative.stan", data: try DataSet(json: "{}"))) {
            XCTAssert("\($0)".contains("gamma_lcdf: random variable is -1.0, but must be nonnegative"), "\($0)")
        }
    }
}
