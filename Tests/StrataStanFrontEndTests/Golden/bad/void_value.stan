functions {
  void say(real x) {
    print(x);
  }
}
transformed data {
  real y = say(1.0);
}
