data {
  # number of observations
  int N;
}
