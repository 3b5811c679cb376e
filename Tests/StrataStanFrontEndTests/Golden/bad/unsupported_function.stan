data {
  int<lower=1> N;
  vector[N] v;
}
transformed data {
  matrix[N, N] E = svd_U(diag_matrix(v));
}
