// A Gaussian-process Poisson regression with the latent function integrated out by the embedded Laplace approximation.
functions {
  real ll(vector theta, array[] int y, vector log_e) { return poisson_log_lpmf(y | theta + log_e); }
  matrix K(array[] real x, real alpha, real rho) { return add_diag(gp_exp_quad_cov(x, alpha, rho), 1e-8); }
}
data { int N; array[N] real x; array[N] int y; vector[N] log_e; }
parameters { real<lower=0> alpha; real<lower=0> rho; }
model {
  alpha ~ normal(0, 2);
  rho ~ inv_gamma(5, 5);
  target += laplace_marginal(ll, (y, log_e), 1, K, (x, alpha, rho));
}
generated quantities {
  vector[N] theta = laplace_latent_rng(ll, (y, log_e), 1, K, (x, alpha, rho));
}
