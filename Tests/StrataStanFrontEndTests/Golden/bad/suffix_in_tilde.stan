parameters {
  real mu;
}
model {
  mu ~ normal_lpdf(0, 1);
  if (mu<-1) reject("mu is too small");
}
