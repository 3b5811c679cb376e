data {
  int<lower=1> N;
}
transformed data {
  vector[N] ones = rep_vector(1);
}
