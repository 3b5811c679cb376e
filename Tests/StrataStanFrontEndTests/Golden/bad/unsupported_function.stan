data {
  int<lower=1> N;
  vector[N] v;
}
transformed data {
  complex_matrix[N, N] E = complex_schur_decompose_t(diag_matrix(v));
}
