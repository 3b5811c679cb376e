data {
  int N; /* the number of
  observations
}
