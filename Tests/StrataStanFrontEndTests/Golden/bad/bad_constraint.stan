data {
  int<lower=1> K;
}
parameters {
  simplex<lower=0>[K] theta;
}
