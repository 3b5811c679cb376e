data {
  int<lower=0> N;
  vector[N] y;
}
transformed data {
  int total = sum(y);
}
