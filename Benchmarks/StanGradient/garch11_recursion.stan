// GARCH(1,1) volatility: a scalar recursion over time (sigma[t] from sigma[t-1]), for stan_gradient.py.
data {
  int<lower=2> T;
  vector[T] r;
  real<lower=0> sigma1;
}
parameters {
  real mu;
  real<lower=0> alpha0;
  real<lower=0, upper=1> alpha1;
  real<lower=0, upper=1> beta1;
}
model {
  real sigma = sigma1;
  mu ~ normal(0, 1);
  alpha0 ~ normal(0, 1);
  for (t in 2:T) {
    sigma = sqrt(alpha0 + alpha1 * square(r[t - 1] - mu) + beta1 * square(sigma));
    r[t] ~ normal(mu, sigma);
  }
}
