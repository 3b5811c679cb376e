transformed data {
  int n = 3;
  if (n > 2) break;
}
