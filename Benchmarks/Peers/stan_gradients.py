"""Stan's gradient (pystan/httpstan's log_prob_grad) next to `strata bench` on every posteriordb program.

Usage (from the package root, with the peers' virtual environment that has pystan 3 / httpstan):
    /work/peers-venv/bin/python Benchmarks/Peers/stan_gradients.py [--strata .build/release/strata]
        [--only NAME ...] [--seconds 1.0] [--json FILE]

For each posterior in ../shared/posteriordb the two systems are timed back to back in the same session:
`strata bench MODEL --data DATA --json` (median ns per gradient at a uniform(-2, 2) point, full joint density,
no marginalisation) and httpstan's compiled extension module (the same C++ pystan samples with, -O3) at a
uniform(-2, 2) point of the same dimension. httpstan's `log_prob_grad(data, x, adjust_transform)` rebuilds the
model from the data dict on every call, so Stan's gradient is taken as the median time of `log_prob_grad`
minus the median time of `get_dims(data)`, which does the same data conversion and model construction and
nothing else. Both raw figures are printed. The ratio is Stan / Strata (above 1: Strata is faster).
"""
import argparse
import asyncio
import glob
import json
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("STRATA_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))


def strata_gradient(strata, model, data, seconds):
    """`strata bench --json` on one program: (dimension, median ns per gradient, note)."""
    note = ""
    cmd = [strata, "bench", model, "--data", data, "--json", "--rounds", "7", "--seconds", str(seconds)]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0 and "generated quantities" in run.stderr:
        run = subprocess.run(cmd + ["--no-generated-quantities"], capture_output=True, text=True)
        note = "Strata: generated quantities left out (not supported)"
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip().splitlines()[0] if run.stderr.strip() else f"exit {run.returncode}")
    result = json.loads(run.stdout)[0]
    return result["dimension"], result["gradientNanoseconds"]["median"], note


def stan_module(program):
    """The httpstan extension module of `program` (compiled once and cached by httpstan)."""
    import httpstan.compile
    import httpstan.models

    class PatientSubprocess:
        """httpstan gives stanc one second, too little on a loaded machine: allow a minute."""
        def __getattr__(self, name):
            return getattr(subprocess, name)

        @staticmethod
        def run(*args, **kwargs):
            kwargs["timeout"] = max(kwargs.get("timeout") or 0, 60)
            return subprocess.run(*args, **kwargs)

    httpstan.compile.subprocess = PatientSubprocess()
    name = httpstan.models.calculate_model_name(program)
    try:
        return httpstan.models.import_services_extension_module(name)
    except KeyError:
        asyncio.run(httpstan.models.build_services_extension_module(program))
        return httpstan.models.import_services_extension_module(name)


def per_call(fn, seconds, rounds=7):
    """Median over rounds of the mean seconds per call of fn, each round lasting about seconds / rounds."""
    fn()
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.05:
        fn(); calls += 1
    per = max(1, int(calls * (seconds / rounds) / 0.05))
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(per):
            fn()
        times.append((time.perf_counter() - t0) / per)
    return statistics.median(times)


def stan_gradient(program, data, dimension, seconds, seed=1):
    """(median ns of log_prob_grad, median ns of get_dims, their difference) at a uniform(-2, 2) point."""
    module = stan_module(program)
    rng = random.Random(seed)
    for _ in range(100):
        x = [rng.uniform(-2, 2) for _ in range(dimension)]
        try:
            g = module.log_prob_grad(data, x, True)
        except RuntimeError:
            continue
        if all(v == v and abs(v) != float("inf") for v in g):
            break
    grad = per_call(lambda: module.log_prob_grad(data, x, True), seconds)
    dims = per_call(lambda: module.get_dims(data), seconds)
    return grad * 1e9, dims * 1e9, (grad - dims) * 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strata", default=os.path.join(HERE, "..", "..", ".build", "release", "strata"))
    parser.add_argument("--only", nargs="*", default=None, help="posterior folder names (default: all)")
    parser.add_argument("--seconds", type=float, default=1.0, help="seconds per measurement")
    parser.add_argument("--json", default=None, help="also write the rows to this JSON file")
    args = parser.parse_args()
    folders = sorted(d for d in glob.glob(os.path.join(SHARED, "posteriordb", "*")) if os.path.isdir(d))
    if args.only:
        folders = [d for d in folders if os.path.basename(d) in args.only]
    rows = []
    print(f"{'posterior':48s} {'dim':>4s} {'strata ns':>10s} {'stan lpg ns':>12s} {'model ns':>10s} {'stan ns':>10s} {'stan/strata':>11s}")
    for folder in folders:
        name = os.path.basename(folder)
        model, data_path = os.path.join(folder, "model.stan"), os.path.join(folder, "data.json")
        try:
            dim, strata_ns, note = strata_gradient(args.strata, model, data_path, args.seconds)
            with open(model) as f:
                program = f.read()
            with open(data_path) as f:
                data = json.load(f)
            raw, construct, stan_ns = stan_gradient(program, data, dim, args.seconds)
        except Exception as e:  # one posterior failing must not hide the others
            print(f"{name:48s} failed: {e}", flush=True)
            rows.append({"posterior": name, "error": str(e)})
            continue
        row = {"posterior": name, "dimension": dim, "strata_ns": strata_ns, "stan_log_prob_grad_ns": raw,
               "stan_model_construction_ns": construct, "stan_ns": stan_ns, "ratio": stan_ns / strata_ns, "note": note}
        rows.append(row)
        print(f"{name:48s} {dim:4d} {strata_ns:10.0f} {raw:12.0f} {construct:10.0f} {stan_ns:10.0f} {row['ratio']:11.2f} {note}",
              flush=True)
    ratios = sorted(r["ratio"] for r in rows if "ratio" in r)
    if ratios:
        worst = min((r for r in rows if "ratio" in r), key=lambda r: r["ratio"])
        print(f"\n{len(ratios)} posteriors: median Stan/Strata {statistics.median(ratios):.2f}, "
              f"worst {worst['ratio']:.2f} ({worst['posterior']}), best {ratios[-1]:.2f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
