data {
  int<lower=1> N;
  vector<lower=0, upper=1>[N] theta;
  int<lower=0, upper=N> y;
}
model {
  y ~ poisson_binomial(theta);
}
