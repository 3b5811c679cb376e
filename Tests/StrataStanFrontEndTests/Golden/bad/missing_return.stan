functions {
  real half(real x) {
    if (x > 0) {
      return x / 2;
    }
  }
}
