data {
  vector[3] y;
}
parameters {
  real mu;
}
model {
  y ~ normol(mu, 1);
}
