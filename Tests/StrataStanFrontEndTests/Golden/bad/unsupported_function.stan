data {
  int<lower=1> N;
  vector[N] v;
}
transformed data {
  matrix[N, N] E = matrix_exp(diag_matrix(v));
}
