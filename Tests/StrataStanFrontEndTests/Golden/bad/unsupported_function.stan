data {
  int<lower=1> N;
  vector[N] v;
}
transformed data {
  complex_matrix[N, N] E = eigenvectors(diag_matrix(v));
}
