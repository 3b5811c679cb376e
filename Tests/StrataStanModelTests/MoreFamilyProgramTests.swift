// Stan programs using von_mises, multinomial(_logit), lkj_corr and neg_binomial_2_log_glm lower, run and have
// finite-difference gradients.
import StrataOutput
import StrataStanModel
import XCTest

final class MoreFamilyProgramTests: XCTestCase {
    func testProgramsUsingTheFamiliesRunWithCorrectGradients() throws {
        let source = """
            data { int N; vector[N] angle; array[3] int counts; matrix[N, 2] x; array[N] int n; }
            parameters {
              real mu; real<lower=0> kappa; simplex[3] theta; vector[3] gamma; corr_matrix[3] Omega; real<lower=0> eta;
              real alpha; vector[2] beta; real<lower=0> phi;
            }
            model {
              angle ~ von_mises(mu, kappa);
              counts ~ multinomial(theta);
              target += multinomial_logit_lpmf(counts | gamma) + multinomial_lupmf(counts | theta);
              Omega ~ lkj_corr(eta);
              target += lkj_corr_lpdf(Omega | 2.5);
              n ~ neg_binomial_2_log_glm(x, alpha, beta, phi);
              eta ~ gamma(2, 1);
            }
            generated quantities { real a = von_mises_rng(mu, kappa); }
            """
        let data = #"{"N": 3, "angle": [0.3, -1.2, 2.9], "counts": [2, 0, 5], "x": [[0.5, -1], [1, 0.2], [-0.3, 0.8]], "n": [0, 3, 7]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "families.stan", "families")
    }
}
