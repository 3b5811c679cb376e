// The same Gaussian-process Poisson regression with the latent function sampled (non-centred), for comparison.
data { int N; array[N] real x; array[N] int y; vector[N] log_e; }
parameters { real<lower=0> alpha; real<lower=0> rho; vector[N] z; }
transformed parameters {
  vector[N] theta = cholesky_decompose(add_diag(gp_exp_quad_cov(x, alpha, rho), 1e-8)) * z;
}
model {
  alpha ~ normal(0, 2);
  rho ~ inv_gamma(5, 5);
  z ~ std_normal();
  y ~ poisson_log(theta + log_e);
}
