data {
  vector[3] a;
}
transformed data {
  real x = a[1, 2];
}
