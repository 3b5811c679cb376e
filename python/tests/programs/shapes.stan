// Outputs of every container shape with values known from their indices, so a reader that
// reshapes CSV columns in the wrong order gives wrong values (checked by test_cmdstan_compat.py).
parameters {
  real mu;
  matrix[2, 3] m;
  array[2] simplex[3] theta;
  array[2, 3] real a;
}
transformed parameters {
  array[2] vector[3] v;
  for (i in 1:2) for (j in 1:3) v[i, j] = 10 * i + j + 0 * mu;
}
model {
  mu ~ normal(0, 1);
  to_vector(m) ~ normal(0, 1);
  for (i in 1:2) for (j in 1:3) a[i, j] ~ normal(0, 1);
}
generated quantities {
  matrix[2, 3] g;
  array[2, 3] real b;
  array[2] matrix[2, 3] am;
  array[3] int counts;
  for (i in 1:2) for (j in 1:3) {
    g[i, j] = 10 * i + j;
    b[i, j] = 10 * i + j;
    for (k in 1:2) am[k, i, j] = 100 * k + 10 * i + j;
  }
  for (j in 1:3) counts[j] = j;
}
