functions {
  vector scaled(data vector v, real s) {
    return s * v;
  }
}
data {
  vector[3] y;
}
parameters {
  vector[3] theta;
  real<lower=0> s;
}
model {
  y ~ normal(scaled(y, s), 1);
  theta ~ normal(scaled(theta, 2), 1);
}
