// Exercises most of the supported syntax: functions, every declaration type, constraints, statements.
functions {
  real twice(real x);
  real twice(real x) {
    return 2 * x;
  }
  real my_dist_lpdf(real y, real mu) {
    return normal_lpdf(y | mu, 1);
  }
  void add_prior_lp(real x) {
    target += std_normal_lpdf(x);
  }
  vector scaled(data vector v, real s) {
    return s * v;
  }
  array[] real squares(array[] real xs) {
    array[size(xs)] real out;
    for (i in 1:size(xs)) {
      out[i] = xs[i] ^ 2;
    }
    return out;
  }
  real draw_rng(real mu) {
    return normal_rng(mu, 1);
  }
  int sign_of(real x) {
    if (x > 0) {
      return 1;
    } else if (x < 0) {
      return -1;
    } else {
      return 0;
    }
  }
}
data {
  int<lower=0> N;
  int<lower=1> K;
  array[N] int<lower=0, upper=1> y;
  array[N] real x;
  vector[N] v;
  row_vector[K] rv;
  matrix[N, K] X;
  array[2, 3] int counts;
  vector<lower=-1.5, upper=2.>[N] bounded;
  real<lower=.5> scale;
  complex z;
}
transformed data {
  real small = 1e-3;
  real big = 2.5E+4;
  int n2 = N %/% 2;
  int r = N % 2;
  vector[N] v2 = v .* v ./ (v + 1) .^ 2;
  matrix[K, N] Xt = X';
  array[3] int idx = {1, 2, 3};
  row_vector[3] row = [1, 2.0, 3];
  matrix[2, 2] m2 = [[1, 0], [0, 1]];
  real cond = N > 3 ? 1.0 : 0;
  real draw = normal_rng(0, 1);
  int flag = !(N == 0) && (K != 2 || N <= 4) && N >= 1 && N < 100;
  real neg = -2 ^ 2;
  vector[N] solved = diag_matrix(rep_vector(2, N)) \ v;
  print("N = ", N, " twice: ", twice(N));
  if (N < 0) reject("N must be non-negative, found ", N);
  if (N > 1000000) fatal_error("too big");
  while (r > 10) {
    r = r - 1;
    if (r == 5) break;
    if (r == 7) continue;
  }
  for (xi in x) {
    small += xi;
  }
  for (value in counts) {
    n2 += sum(value);
  }
}
parameters {
  real mu;
  real<lower=0> sigma;
  real<offset=mu, multiplier=sigma> theta;
  vector<lower=0>[K] beta;
  vector<lower=bounded, upper=bounded + 1>[N] between;
  row_vector[K] gamma;
  matrix<lower=0, upper=1>[2, 2] probs;
  simplex[K] s;
  unit_vector[K] u;
  ordered[K] o;
  positive_ordered[K] po;
  cholesky_factor_corr[K] L;
  cholesky_factor_cov[K] Lc;
  cholesky_factor_cov[K + 1, K] Lrect;
  corr_matrix[K] Omega;
  cov_matrix[K] Sigma;
  array[2] vector<lower=0>[K] arr;
}
transformed parameters {
  real<lower=0> sigma2 = sigma ^ 2;
  vector[N] eta = X * beta;
  eta[1:2] = eta[1:2] * 2;
  eta[3:] = eta[3:];
  eta[:2] = eta[:2];
  eta[idx] = eta[idx];
  eta[:] = eta;
}
model {
  matrix[K, K] S = multiply_lower_tri_self_transpose(L);
  real acc = 0;
  acc += 1;
  acc -= 1;
  acc *= 2;
  acc /= 2;
  mu ~ normal(0, 10);
  sigma ~ normal(0, 1) T[0, ];
  theta ~ normal(mu, sigma) T[, 10];
  theta ~ my_dist(mu);
  beta ~ exponential(1);
  gamma ~ normal(0, 1);
  to_vector(probs) ~ beta(2, 2);
  s ~ dirichlet(rep_vector(1, K));
  L ~ lkj_corr_cholesky(2);
  Omega ~ lkj_corr(2);
  Sigma ~ wishart(K + 1, S);
  y ~ bernoulli_logit(X * beta);
  arr[1] ~ multi_normal_cholesky(rep_vector(0, K), Lc[1:K, 1:K]);
  arr ~ multi_normal(rep_vector(0, K), Sigma);
  add_prior_lp(mu);
  target += normal_lupdf(mu | 0, 1) + normal_lcdf(1 | mu, sigma) + normal_lccdf(1 | mu, sigma);
  target += my_dist_lpdf(theta | mu);
  target += -0.5 * dot_self(eta - v) + rv * beta + sum(X[1]) + X[1, 2] + X[1:2, 1] ' * rep_vector(1, 2);
  {
    vector[K] col2 = X[2:3, :]' * rep_vector(1, 2);
    target += sum(col2) + twice(Xt[1, 1]) + z == z;
  }
}
generated quantities {
  real pred = draw_rng(mu);
  array[N] int yrep = bernoulli_logit_rng(X * beta);
  array[K] real sq = squares(to_array_1d(beta));
  int sgn = sign_of(mu);
  vector[N] sv = scaled(v, 2);
  real p = Phi(mu) + inv_logit(mu) + log1p(sigma) + fmax(mu, sigma) + pi();
}
