// Idioms from common Stan models: multilevel with LKJ/Cholesky, mixtures, changepoints, GLMs, posterior checks.
data {
  int<lower=1> N;
  int<lower=1> J;
  int<lower=1> K;
  array[N] int<lower=1, upper=J> group;
  matrix[N, K] X;
  array[N] int<lower=0> count;
  array[N] int<lower=0, upper=1> success;
  vector[N] y;
  int<lower=1> T;
  array[T] int<lower=0> disasters;
  array[N] int<lower=1> trials;
}
transformed data {
  real mean_y = mean(y);
  real sd_y = sd(y);
  vector[N] y_std = (y - mean_y) / sd_y;
  matrix[N, K] Q = X;
  int max_count = max(count);
  array[N] real y_array = to_array_1d(y);
}
parameters {
  matrix[K, J] z;
  cholesky_factor_corr[K] L_Omega;
  vector<lower=0>[K] tau;
  vector[K] gamma;
  real<lower=0> sigma;
  simplex[2] theta;
  ordered[2] mu;
  real<lower=0> phi;
  real<lower=0> e;
  real<lower=0> l;
  real<lower=0, upper=1> p;
}
transformed parameters {
  matrix[K, J] beta = rep_matrix(gamma, J) + diag_pre_multiply(tau, L_Omega) * z;
  vector[T] lp = rep_vector(-log(T), T);
  {
    vector[T + 1] lp_e = append_row(0, cumulative_sum(to_vector(disasters) * log(e) - e));
    vector[T + 1] lp_l = append_row(0, cumulative_sum(to_vector(disasters) * log(l) - l));
    lp = lp + head(lp_e, T) + lp_l[T + 1] - head(lp_l, T);
  }
}
model {
  vector[N] eta;
  to_vector(z) ~ std_normal();
  L_Omega ~ lkj_corr_cholesky(2);
  tau ~ cauchy(0, 2.5);
  gamma ~ normal(0, 5);
  sigma ~ student_t(3, 0, 1);
  phi ~ inv_gamma(0.4, 0.3);
  e ~ exponential(1);
  l ~ exponential(1);
  p ~ beta(1, 1);
  for (n in 1:N) {
    eta[n] = X[n] * beta[, group[n]];
    target += log_mix(theta[1], normal_lpdf(y_std[n] | mu[1], sigma), normal_lpdf(y_std[n] | mu[2], sigma));
    target += log_sum_exp(log(theta[1]) + normal_lpdf(y_std[n] | mu[1], 1),
                          log(theta[2]) + normal_lpdf(y_std[n] | mu[2], 1));
  }
  count ~ neg_binomial_2_log(eta, phi);
  success ~ bernoulli_logit(eta);
  success ~ bernoulli_logit_glm(X, 0.5, gamma);
  y ~ normal_id_glm(X, 0, gamma, sigma);
  count ~ poisson_log_glm(X, eta, gamma);
  success ~ binomial(trials, inv_logit(eta));
  target += log_sum_exp(lp);
  y ~ normal(eta, sigma) T[-10, 10];
}
generated quantities {
  corr_matrix[K] Omega = multiply_lower_tri_self_transpose(L_Omega);
  array[N] real y_rep = normal_rng(Q * gamma, sigma);
  array[N] int count_rep = neg_binomial_2_log_rng(Q * gamma, phi);
  vector[N] log_lik;
  int<lower=1, upper=T> s = categorical_rng(softmax(lp));
  real total = sum(y_rep);
  for (n in 1:N) {
    log_lik[n] = normal_lpdf(y[n] | Q[n] * gamma, sigma);
  }
}
