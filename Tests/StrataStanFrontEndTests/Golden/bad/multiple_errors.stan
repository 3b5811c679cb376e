data {
  int<lower=0> N;
  vector[N] y;
}
parameters {
  real mu;
  real<lower=0> sigma;
}
model {
  vector[N] z = y + undefined_thing;
  sigma ~ exponentiel(1);
  mu ~ normal(0, "ten");
  y ~ normal(mu, sigma, 3);
}
