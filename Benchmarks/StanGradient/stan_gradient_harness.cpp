// Times Stan's reverse-mode gradient (stan::model::log_prob_grad<true, true>) of one stanc-generated model.
//
// Compiled once per program by stan_gradient.py with the program's C++ (from httpstan's stanc) included through
// STAN_MODEL_CPP. Usage: harness DATA.json SECONDS ROUNDS INIT.json [INIT.json ...]
// Each INIT.json holds constrained parameter values (CmdStan's init format); Stan unconstrains them
// (transform_inits, as CmdStan does with init=) and the harness prints, for each, the unconstrained point, the log
// density as sampling evaluates it (log_prob_grad<true, true>: constants dropped, Jacobian on), the same without
// the Jacobian, and the gradient. The first point is also timed: calls per round are chosen so a round lasts
// SECONDS / ROUNDS, and the min, median and max ns per gradient over ROUNDS rounds are printed (wall clock, or the
// thread's CPU clock with STRATA_BENCH_CLOCK=cpu in the environment, as `strata bench`). Output: one JSON
// object on stdout; errors go to stderr with exit status 1 (64 for bad usage).
#include STAN_MODEL_CPP
#include <stan/io/json/json_data.hpp>
#include <stan/model/log_prob_grad.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <time.h>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// Stan's unconstrained point for the constrained values in the CmdStan JSON file `path`.
std::vector<double> unconstrained_point(const stan_model& model, const std::string& path, std::ostream* messages) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  stan::json::json_data init(in);
  std::vector<int> params_i;
  std::vector<double> x;
  model.transform_inits(init, params_i, x, messages);
  return x;
}

void print_array(const std::vector<double>& v) {
  std::printf("[");
  for (size_t k = 0; k < v.size(); ++k) std::printf(k ? ",%.17g" : "%.17g", v[k]);
  std::printf("]");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s DATA.json SECONDS ROUNDS INIT.json [INIT.json ...]\n", argv[0]);
    return 64;
  }
  try {
    std::ifstream data_stream(argv[1]);
    if (!data_stream) throw std::runtime_error(std::string(argv[1]) + ": cannot open");
    stan::json::json_data data(data_stream);
    std::stringstream messages;
    stan_model model(data, 0, &messages);
    const double seconds = std::stod(argv[2]);
    const int rounds = std::stoi(argv[3]);
    if (!(seconds > 0) || rounds < 1) throw std::runtime_error("SECONDS must be positive and ROUNDS at least 1");
    std::vector<std::vector<double>> points;
    for (int k = 4; k < argc; ++k) points.push_back(unconstrained_point(model, argv[k], &messages));
    std::vector<int> params_i;
    std::vector<double> gradient, ignored;
    std::printf("{\"dimension\":%zu,\"points\":[", model.num_params_r());
    for (size_t p = 0; p < points.size(); ++p) {
      std::vector<double> x = points[p];
      double lp = stan::model::log_prob_grad<true, true>(model, x, params_i, gradient, &messages);
      double without = stan::model::log_prob_grad<true, false>(model, x, params_i, ignored, &messages);
      std::printf(p ? ",{\"point\":" : "{\"point\":");
      print_array(x);
      std::printf(",\"lp\":%.17g,\"lp_without_jacobian\":%.17g,\"gradient\":", lp, without);
      print_array(gradient);
      std::printf("}");
    }
    std::printf("],");
    // Timing at the first point.
    std::vector<double> x = points[0];
    // STRATA_BENCH_CLOCK=cpu: the thread's CPU clock, as `strata bench` reads it (time preempted left out).
    const char* clock_choice = std::getenv("STRATA_BENCH_CLOCK");
    const bool cpu_clock = clock_choice && std::string(clock_choice) == "cpu";
    auto now = [cpu_clock] {
      if (cpu_clock) {
        timespec ts;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
        return ts.tv_sec + ts.tv_nsec * 1e-9;
      }
      return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    };
    double sink = 0;
    auto time_calls = [&](long calls) {
      double start = now();
      for (long k = 0; k < calls; ++k)
        sink += stan::model::log_prob_grad<true, true>(model, x, params_i, gradient, nullptr);
      return now() - start;
    };
    long calls = 1;
    const double target = seconds / rounds;
    while (true) {
      double t = time_calls(calls);
      if (t >= target * 0.5 || calls > (1L << 40)) {
        calls = std::max(1L, static_cast<long>(calls * target / std::max(t, 1e-9)));
        break;
      }
      calls *= 4;
    }
    std::vector<double> per_call;
    for (int r = 0; r < rounds; ++r) per_call.push_back(time_calls(calls) / calls * 1e9);
    std::sort(per_call.begin(), per_call.end());
    const size_t n = per_call.size();
    const double median = n % 2 ? per_call[n / 2] : (per_call[n / 2 - 1] + per_call[n / 2]) / 2;
    std::printf("\"calls_per_round\":%ld,\"ns_min\":%.6g,\"ns_median\":%.6g,\"ns_max\":%.6g,\"sink\":%.6g}\n", calls,
                per_call.front(), median, per_call.back(), sink);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stan_gradient_harness: %s\n", e.what());
    return 1;
  }
  return 0;
}
