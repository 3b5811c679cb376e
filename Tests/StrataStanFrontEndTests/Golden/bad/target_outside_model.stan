parameters {
  real mu;
}
transformed parameters {
  real mu2 = mu;
  target += normal_lpdf(mu | 0, 1);
}
