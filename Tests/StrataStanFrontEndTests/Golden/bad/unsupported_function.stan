data {
  int<lower=1> N;
  vector[N] v;
}
transformed data {
  vector[N] E = singular_values(diag_matrix(v));
}
