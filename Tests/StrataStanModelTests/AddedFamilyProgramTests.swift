// Stan programs using wiener, skew_double_exponential, loglogistic, yule_simon, beta_neg_binomial and the added CDFs lower, run and
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

    /// The checker accepts exactly the CDFs the lowering computes.
    func testCheckerAndRegistryAgreeOnCDFs() {
        XCTAssertEqual(Distributions.implementedCDFs, Set(DistributionRegistry.cdfFamilyNames))
    }
}
