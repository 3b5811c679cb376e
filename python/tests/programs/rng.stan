// Random numbers in transformed data (from the run's seed) and in generated quantities (per draw):
// the Python package must reproduce the command line's draws of both for the same seed.
transformed data {
  vector[5] y;
  for (n in 1:5) y[n] = normal_rng(1, 2);
}
parameters {
  real mu;
  real<lower=0> sigma;
}
model {
  y ~ normal(mu, sigma);
  sigma ~ exponential(1);
}
generated quantities {
  array[2, 3] real y_rep;
  for (i in 1:2) for (j in 1:3) y_rep[i, j] = normal_rng(mu, sigma);
  real y_mean = mean(y);
}
