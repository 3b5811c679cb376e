functions {
  real never_defined(real x);
  real count_lpmf(real y, real lambda) {
    return poisson_lpmf(1 | lambda) + y;
  }
  vector bad_lpdf(vector y) {
    return y;
  }
}
