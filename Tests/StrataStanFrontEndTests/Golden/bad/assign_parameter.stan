parameters {
  real mu;
}
transformed parameters {
  real mu2 = mu;
  mu = 2;
}
model {
  mu ~ std_normal();
}
