data {
  int<lower=1> N;
  vector[N] dt;
  vector[N] N_measured;
  real<lower=0> N_initial;
}
parameters {
  real<lower=0> alpha;
  real<lower=0> sigma;
}
model {
  N_measured ~ normal(N_initial * exp(-alpah * dt), sigma);
}
