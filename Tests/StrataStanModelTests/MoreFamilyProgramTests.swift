// Stan programs using von_mises, multinomial(_logit), lkj_corr, neg_binomial_2_log_glm, binomial_logit_glm, multi_student_t(_cholesky) and
// (inv_)wishart(_cholesky), multi_gp(_cholesky), lkj_cov, dirichlet_multinomial, hypergeometric and the von Mises CDFs
// lower, run and have finite-difference gradients.
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
              n ~ binomial_logit_glm({8, 9, 10}, x, alpha, beta);
              target += binomial_logit_glm_lpmf(n | {8, 9, 10}, x, alpha, beta) - binomial_logit_lpmf(n | {8, 9, 10}, alpha + x * beta);
              eta ~ gamma(2, 1);
            }
            generated quantities { real a = von_mises_rng(mu, kappa); }
            """
        let data = #"{"N": 3, "angle": [0.3, -1.2, 2.9], "counts": [2, 0, 5], "x": [[0.5, -1], [1, 0.2], [-0.3, 0.8]], "n": [0, 3, 7]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "families.stan", "families")
    }

    func testMatrixFamiliesRunWithCorrectGradients() throws {
        let source = """
            data { array[2] vector[3] y; cov_matrix[3] S; }
            parameters {
              real<lower=0> nu; vector[3] mu; cov_matrix[3] Sigma; cholesky_factor_cov[3] L; cov_matrix[3] W;
              cholesky_factor_cov[3] LW;
            }
            model {
              y ~ multi_student_t(nu, mu, Sigma);
              target += multi_student_t_cholesky_lpdf(y | nu + 1, mu, L) + multi_student_t_lupdf(y[1] | 3, mu, S);
              W ~ wishart(nu + 3, Sigma);
              target += inv_wishart_lpdf(W | nu + 2.5, S) + wishart_cholesky_lpdf(LW | nu + 3, L)
                        + inv_wishart_cholesky_lupdf(LW | 4, L);
              Sigma ~ inv_wishart(5, S);
              nu ~ gamma(2, 0.5);
            }
            generated quantities { vector[3] t = multi_student_t_cholesky_rng(nu + 1, mu, L); }
            """
        let data = #"{"y": [[0.3, -1.2, 2.0], [1.0, 0.5, -0.4]], "S": [[2, 0.3, 0], [0.3, 1, 0.2], [0, 0.2, 1.5]]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "matrix.stan", "matrix families")
    }

    func testGaussianProcessCovarianceAndCountFamiliesRunWithCorrectGradients() throws {
        let source = """
            data { matrix[2, 3] y; array[3] int counts; }
            parameters {
              cov_matrix[3] K; cholesky_factor_cov[3] L; vector<lower=0>[2] w; cov_matrix[3] Sigma; vector[3] mu;
              vector<lower=0>[3] tau; vector<lower=0>[3] alpha; real<lower=-pi(), upper=pi()> m; real<lower=0> kappa;
            }
            model {
              y ~ multi_gp(K, w);
              target += multi_gp_cholesky_lpdf(y | L, w) + multi_gp_lupdf(y | K, [1, 2]');
              Sigma ~ lkj_cov(mu, tau, 2.5);
              target += lkj_cov_lpdf(Sigma | 0.1, 1.5, 1.0);
              counts ~ dirichlet_multinomial(alpha);
              target += hypergeometric_lpmf(2 | 5, 4, 9);
              target += von_mises_lcdf(0.4 | m, kappa) + von_mises_lccdf(-2.9 | m, kappa) + log(von_mises_cdf(1.2 | 0.3, kappa));
              0.5 ~ von_mises(m, kappa) T[-1, 2];
              K ~ wishart(5, identity_matrix(3));
              kappa ~ gamma(2, 1);
            }
            generated quantities {
              int h = hypergeometric_rng(5, 4, 9);
              array[3] int d = dirichlet_multinomial_rng(alpha, 20);
            }
            """
        let data = #"{"y": [[0.3, -1.2, 2.0], [1.0, 0.5, -0.4]], "counts": [3, 0, 4]}"#
        try StanTestSupport.checkProgram(source, json: data, fileName: "gp.stan", "gp, covariance and count families")
    }
}
