data {
  real x;
}
transformed data {
  real y = exq(x);
}
