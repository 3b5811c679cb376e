// Stan programs using wiener (4, 5 and 7 arguments, and its unnormalised CDFs), ordered_logistic/probit, skew_double_exponential, loglogistic, yule_simon, beta_neg_binomial and the added CDFs lower, run and
// have finite-difference gradients; the checker's list of CDFs is the registry's.
import StrataDistributions
import StrataOutput
import StrataStanFrontEnd
import StrataStanModel
import XCTest

final class AddedFamilyProgramTests: XCTestCase {
    func testProgramsUsingTheAddedFamiliesRunWithCorrectGradients() throws {
        let source = """
            data { int N; vector[N] rt; array[N] int n; }
            parameters {
              real<lower=0.5, upper=3> a; real<lower=0, upper=0.25> t0; real<lower=0, upper=1> w; real v;
              real<lower=0> sv; real mu; real<lower=0> sigma; real<lower=0, upper=1> tau; real<lower=0> rho;
            }
            model {
              rt ~ wiener(a, t0, w, v);
              target += wiener_lpdf(rt | a, t0, w, v, sv) + wiener_lupdf(rt | a, t0, w, v, sv, 1e-6);
              rt[2] ~ skew_double_exponential(mu, sigma, tau) T[0, 10];
              target += skew_double_exponential_lcdf(rt | mu, sigma, tau) + skew_double_exponential_lccdf(rt | mu, sigma, tau);
              target += loglogistic_lpdf(rt | sigma, rho) + log(loglogistic_cdf(rt | sigma, rho));
              n ~ yule_simon(rho);
              n ~ beta_neg_binomial(rho, sigma, tau + 1);
              n[3] ~ poisson(rho) T[1, 12];
              target += neg_binomial_2_lccdf(n | rho, sigma) + binomial_lcdf(n | 10, tau) + std_normal_lcdf(mu);
              target += pareto_type_2_lccdf(rt | -1, sigma, rho) + exp_mod_normal_lcdf(rt | mu, sigma, rho);
            }
            generated quantities {
              real s = skew_double_exponential_rng(mu, sigma, tau);
              real l = loglogistic_rng(sigma, rho);
              int y = yule_simon_rng(rho);
              int b = beta_neg_binomial_rng(rho, sigma, tau + 1);
            }
            """
        let data = #"{"N": 4, "rt": [0.45, 0.7, 1.3, 2.9], "n": [1, 2, 4, 9]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "added.stan", "added families")
    }

    /// Stan 2.35's 7-argument wiener and Stan 2.37's unnormalised Wiener CDFs, every argument a parameter.
    func testSevenArgumentWienerAndUnnormalisedCDFsRunWithCorrectGradients() throws {
        let source = """
            data { int N; vector[N] rt; }
            parameters {
              real<lower=0.5, upper=3> a; real<lower=0, upper=0.2> t0; real<lower=0.3, upper=0.7> w; real v;
              real<lower=0> sv; real<lower=0, upper=0.4> sw; real<lower=0, upper=0.2> st0;
            }
            model {
              rt ~ wiener(a, t0, w, v, sv, sw, st0);
              target += wiener_lpdf(rt[1:2] | a, t0, w, v, sv, sw, st0, 1e-6);
              target += wiener_lcdf_unnorm(rt, a, t0, w, v) + wiener_lccdf_unnorm(rt, a, t0, w, v, 1e-4);
              target += wiener_lcdf_unnorm(rt[1], a, t0, w, v, sv, sw, st0)
                        + wiener_lccdf_unnorm(rt, a, t0, w, v, sv, sw, st0, 1e-4);
            }
            """
        let data = #"{"N": 3, "rt": [0.45, 0.7, 1.9]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "wiener_full.stan", "7-argument wiener")
    }

    /// ordered_logistic and ordered_probit with one cut-point vector, one per outcome, vectorised and in a loop.
    func testOrderedFamiliesRunWithCorrectGradients() throws {
        let source = """
            data { int N; array[N] int y; vector[N] x; }
            parameters { real beta; ordered[3] c; array[N] ordered[3] cs; }
            model {
              y ~ ordered_logistic(x * beta, c);
              y ~ ordered_probit(x * beta, c);
              target += ordered_logistic_lpmf(y | x * beta, cs) + ordered_probit_lupmf(y | beta, cs);
              for (n in 1:N) y[n] ~ ordered_logistic(x[n] * beta, cs[n]);
              c ~ normal(0, 3);
              for (n in 1:N) cs[n] ~ normal(0, 3);
            }
            generated quantities { int z = ordered_logistic_rng(beta, c); }
            """
        let data = #"{"N": 4, "y": [1, 4, 2, 3], "x": [0.3, -1.2, 0.8, 2.0]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "ordered.stan", "ordered families")
    }

    /// The checker accepts exactly the CDFs the lowering computes.
    func testCheckerAndRegistryAgreeOnCDFs() {
        XCTAssertEqual(Distributions.implementedCDFs, Set(DistributionRegistry.cdfFamilyNames))
    }
}
