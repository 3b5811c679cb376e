"""JAX's jitted value_and_grad of radon_noncentered.stan's joint log density, timed for `strata-bench radon`.

Usage: python radon_jax.py DATA.json POINT.json SECONDS  (prints one JSON object: lp, gradient, seconds per call)
The density is the one Stan's `~` defines (constants dropped, Jacobians of the two log-transformed scales kept) at
the unconstrained point x = (mu_a, log sigma_a, alpha_raw[1..J], beta, log sigma_y). Run single-threaded
(XLA_FLAGS is set by the caller) so it uses one core, like the engine. With STRATA_BENCH_CLOCK=cpu in the environment
(as `strata-bench` reads it) the rounds are timed by the process's CPU clock (every thread of it, so XLA's own threads
count), not the wall clock: on a loaded machine time spent preempted is then left out for JAX as for the engine.
"""
import json
import os
import statistics
import sys
import time

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402

# The clock of the timing rounds: process CPU time with STRATA_BENCH_CLOCK=cpu, else monotonic wall time.
clock = time.process_time if os.environ.get("STRATA_BENCH_CLOCK") == "cpu" else time.perf_counter


def main():
    data_path, point_path, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(data_path) as f:
        data = json.load(f)
    with open(point_path) as f:
        point = jnp.asarray(json.load(f), dtype=jnp.float64)
    n, J = data["n"], data["J"]
    group = jnp.asarray(data["group"], dtype=jnp.int32) - 1
    x = jnp.asarray(data["x"], dtype=jnp.float64)
    y = jnp.asarray(data["y"], dtype=jnp.float64)

    def log_density(p):
        mu_a, log_sigma_a, alpha_raw, beta, log_sigma_y = p[0], p[1], p[2:2 + J], p[J + 2], p[J + 3]
        sigma_a, sigma_y = jnp.exp(log_sigma_a), jnp.exp(log_sigma_y)
        z = (y - (mu_a + sigma_a * alpha_raw[group] + beta * x)) / sigma_y
        return (-0.5 * (mu_a / 10) ** 2 - 0.5 * (sigma_a / 5) ** 2 + log_sigma_a - 0.5 * jnp.sum(alpha_raw * alpha_raw)
                - 0.5 * (beta / 10) ** 2 - 0.5 * (sigma_y / 5) ** 2 + log_sigma_y
                - 0.5 * jnp.sum(z * z) - n * log_sigma_y)

    f = jax.jit(jax.value_and_grad(log_density))
    lp, grad = f(point)
    grad.block_until_ready()
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < 0.1:
        f(point)[1].block_until_ready(); calls += 1
    per_round = max(1, int(calls * seconds / 7 / 0.1))
    times = []
    for _ in range(7):
        t0 = clock()
        for _ in range(per_round):
            f(point)[1].block_until_ready()
        times.append((clock() - t0) / per_round)
    print(json.dumps({"lp": float(lp), "gradient": [float(v) for v in grad], "seconds": sorted(times),
                      "jax": jax.__version__, "clock": clock.__name__}))


if __name__ == "__main__":
    main()
