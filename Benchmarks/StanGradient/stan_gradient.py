#!/usr/bin/env python3
"""Per-gradient time of Stan against `strata bench`, program by program, at the same unconstrained point.

For each program (the posteriordb posteriors in ../shared/posteriordb, plus the GARCH(1,1) recursion of this
folder) it
  1. asks `strata bench --json` for its default point (uniform(-2, 2), finite density) and a second one
     (another seed), with Strata's log density, gradient and constrained parameter values there;
  2. translates the program with httpstan's stanc and compiles it with stan_gradient_harness.cpp
     (g++, CmdStan's default flags plus -march=native; cached under .build/stan-gradient, one compile at a time,
     niced), which unconstrains the same parameter values with Stan's transforms (as CmdStan's init= does),
     evaluates stan::model::log_prob_grad<true, true> (constants dropped, Jacobian on: what sampling evaluates)
     at both points and times it at the first;
  3. checks that the two engines agree. Where Stan's unconstrained point equals Strata's (the same transforms),
     the gradients must agree to 1e-8 (relative) and the log densities up to one constant (the same difference
     at both points). Where they differ (Strata's simplex is Stan 2.37's isometric log-ratio, httpstan's Stan
     2.35 uses stick-breaking), the log densities without Jacobian must agree up to one constant. A mismatch
     is printed loudly and fails the run;
  4. times Stan's gradient, then `strata bench --unconstrained POINT` at the same (constrained) point.
Then it prints a table (median ns per gradient of each, Stan / Strata) with the median ratio and the worst case.

Usage: Benchmarks/StanGradient/stan_gradient.py [--programs NAME,...] [--seconds S] [--rounds R] [--repeats K]
           [--strata PATH] [--httpstan DIR] [--posteriordb DIR] [--posteriordb-git REPO] [--cache DIR] [--json FILE]
           [--compile-only] [--seed N] [--gradient-tolerance T]
--posteriordb-git takes the --programs that are not in --posteriordb from a posteriordb git repository (a bare
mirror will do): posterior_database/posteriors/NAME.json names the model and the (zipped) data, which are
extracted into the cache.
Exit status: 0 when every program ran and agreed, 1 when one failed or disagreed, 2 for bad arguments.
"""
import argparse
import hashlib
import io
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HARNESS = os.path.join(HERE, "stan_gradient_harness.cpp")
DEFAULT_HTTPSTAN = "/work/peers-venv/lib/python3.11/site-packages/httpstan"
# CmdStan's defaults for g++ on Linux (stan-dev/math make/compiler_flags: -O3, -pthread, -D_REENTRANT,
# -DBOOST_DISABLE_ASSERTS, -Wno-sign-compare; no STAN_THREADS), plus -march=native, which only helps Stan.
CXXFLAGS = ["-O3", "-march=native", "-std=c++17", "-pthread", "-D_REENTRANT", "-DBOOST_DISABLE_ASSERTS",
            "-Wno-sign-compare", "-Wno-deprecated-declarations", "-Wno-ignored-attributes"]
GRADIENT_TOLERANCE = 1e-8


class BenchError(Exception):
    """A program that could not be measured or compared; the message says why."""


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", help="comma-separated folder names (default: all, plus garch11_recursion)")
    parser.add_argument("--seconds", type=float, default=1.0, help="seconds per timing, per engine (default 1)")
    parser.add_argument("--rounds", type=int, default=7, help="timing rounds per measurement (default 7)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="alternate Stan and Strata this many times per program; medians of the medians")
    parser.add_argument("--strata", default=os.path.join(ROOT, ".build", "release", "strata"))
    parser.add_argument("--httpstan", default=DEFAULT_HTTPSTAN, help="httpstan package folder (stanc, include, lib)")
    parser.add_argument("--posteriordb", default=os.path.join(ROOT, "..", "shared", "posteriordb"))
    parser.add_argument("--posteriordb-git", help="posteriordb git repository (bare mirror) for --programs "
                                                  "not in --posteriordb")
    parser.add_argument("--cache", default=os.path.join(ROOT, ".build", "stan-gradient"))
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument("--gradient-tolerance", type=float, default=GRADIENT_TOLERANCE,
                        help="relative gradient agreement required (default 1e-8; ODE models, whose solvers stop at "
                             "a relative tolerance of 1e-6, need about 1e-4); log densities must then agree to the "
                             "larger of this and 1e-9")
    parser.add_argument("--seed", type=int, default=1234,
                        help="seed of Strata's timing point (the check point uses seed + 1; default 1234)")
    parser.add_argument("--compile-only", action="store_true",
                        help="only translate and compile the programs into the cache (no timing)")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.rounds < 1 or args.repeats < 1:
        parser.error("--seconds must be positive, --rounds and --repeats at least 1")
    for path, what in [(args.strata, "--strata"), (os.path.join(args.httpstan, "stanc"), "--httpstan")]:
        if not os.access(path, os.X_OK):
            parser.error(f"{what}: {path} is not an executable (build Strata first / install httpstan)")
    if not os.path.isdir(args.posteriordb):
        parser.error(f"--posteriordb: {args.posteriordb} is not a folder")
    if args.posteriordb_git and not args.programs:
        parser.error("--posteriordb-git needs --programs (the posteriors to take from it)")
    if args.posteriordb_git and subprocess.run(["git", "--git-dir", args.posteriordb_git, "rev-parse", "HEAD"],
                                               capture_output=True).returncode != 0:
        parser.error(f"--posteriordb-git: {args.posteriordb_git} is not a git repository")
    return args


def garch_data(path):
    """Writes a GARCH(1,1) series (500 returns, fixed seed) for garch11_recursion.stan."""
    rng = random.Random(20261129)
    mu, alpha0, alpha1, beta1, sigma = 0.05, 0.1, 0.15, 0.8, 1.0
    r, previous = [], 0.0
    for _ in range(500):
        sigma = (alpha0 + alpha1 * (previous - mu) ** 2 + beta1 * sigma ** 2) ** 0.5
        previous = rng.gauss(mu, sigma)
        r.append(round(previous, 6))
    with open(path, "w") as f:
        json.dump({"T": len(r), "r": r, "sigma1": 1.0}, f)


def programs(args):
    """(name, model path, data path) of every program to compare."""
    found = []
    for name in sorted(os.listdir(args.posteriordb)):
        folder = os.path.join(args.posteriordb, name)
        if os.path.isfile(os.path.join(folder, "model.stan")):
            found.append((name, os.path.join(folder, "model.stan"), os.path.join(folder, "data.json")))
    os.makedirs(args.cache, exist_ok=True)
    garch = os.path.join(args.cache, "garch11_recursion.json")
    garch_data(garch)
    found.append(("garch11_recursion", os.path.join(HERE, "garch11_recursion.stan"), garch))
    if args.programs and args.posteriordb_git:
        known = {name for name, _, _ in found}
        found += [from_git(args, name) for name in args.programs.split(",") if name not in known]
    if args.programs:
        wanted = args.programs.split(",")
        unknown = sorted(set(wanted) - {name for name, _, _ in found})
        if unknown:
            raise SystemExit(f"stan_gradient.py: unknown program(s) {', '.join(unknown)}; "
                             f"known: {', '.join(name for name, _, _ in found)}")
        found = [p for p in found if p[0] in wanted]
    return found


def from_git(args, name):
    """(name, model path, data path) of posterior `name` extracted from the posteriordb repository into the cache."""
    def show(path):
        result = subprocess.run(["git", "--git-dir", args.posteriordb_git, "show", f"HEAD:posterior_database/{path}"],
                                capture_output=True)
        if result.returncode != 0:
            raise SystemExit(f"stan_gradient.py: --posteriordb-git has no {path} (posterior {name})")
        return result.stdout
    posterior = json.loads(show(f"posteriors/{name}.json"))
    folder = os.path.join(args.cache, "posteriordb", name)
    os.makedirs(folder, exist_ok=True)
    model, data = os.path.join(folder, "model.stan"), os.path.join(folder, "data.json")
    with open(model, "wb") as f:
        f.write(show(f"models/stan/{posterior['model_name']}.stan"))
    archive = zipfile.ZipFile(io.BytesIO(show(f"data/data/{posterior['data_name']}.json.zip")))
    with open(data, "wb") as f:
        f.write(archive.read(archive.namelist()[0]))
    return (name, model, data)


def run(command, what):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"{what} failed (exit {result.returncode}): {(result.stderr or result.stdout).strip()[-800:]}")
    return result.stdout


def stan_binary(args, name, model):
    """The compiled harness for `model`, from the cache when its program, harness and flags are unchanged."""
    with open(model, "rb") as f:
        source = f.read()
    with open(HARNESS, "rb") as f:
        key = hashlib.sha256(source + f.read() + " ".join(CXXFLAGS).encode() + args.httpstan.encode()).hexdigest()[:16]
    folder = os.path.join(args.cache, f"{name}-{key}")
    binary = os.path.join(folder, "harness")
    if os.access(binary, os.X_OK):
        return binary
    os.makedirs(folder, exist_ok=True)
    cpp = os.path.join(folder, "model.hpp")
    model_name = "m_" + "".join(c if c.isalnum() else "_" for c in name) + "_model"
    run([os.path.join(args.httpstan, "stanc"), f"--name={model_name}", f"--o={cpp}", model], f"stanc on {name}")
    print(f"  compiling {name} with g++ (once; cached in {folder})", file=sys.stderr, flush=True)
    include, lib = os.path.join(args.httpstan, "include"), os.path.join(args.httpstan, "lib")
    run(["nice", "-n", "5", "g++", *CXXFLAGS, f"-I{include}", f'-DSTAN_MODEL_CPP="{cpp}"', HARNESS,
         "-o", binary + ".tmp", f"-L{lib}", f"-Wl,-rpath,{lib}", "-ltbb",
         # CVODES/IDAS/KINSOL (ode_bdf, ode_adams, DAEs, algebra solvers) as httpstan ships them, static
         "-lsundials_cvodes", "-lsundials_idas", "-lsundials_kinsol", "-lsundials_nvecserial"], f"g++ on {name}")
    os.replace(binary + ".tmp", binary)
    return binary


def strata_bench(args, model, data, extra):
    out = run([args.strata, "bench", model, "--data", data, "--json", *extra], "strata bench")
    return json.loads(out)[0]


def init_file(path, parameters):
    """Writes constrained parameter values (in Stan's CSV order, first index fastest, with shapes) as CmdStan JSON
    initial values."""
    def row_major(values, shape):
        strides, step = [], 1
        for n in shape:
            strides.append(step)
            step *= n
        return [values[sum(i * s for i, s in zip(index, strides))]
                for index in itertools.product(*(range(n) for n in shape))]

    def nest(values, shape):
        if not shape:
            return values[0]
        size = len(values) // shape[0] if shape[0] else 0
        return [nest(values[i * size:(i + 1) * size], shape[1:]) for i in range(shape[0])]
    with open(path, "w") as f:
        json.dump({p["name"]: nest(row_major(p["values"], p["shape"]), p["shape"]) for p in parameters}, f)


def compare(strata_points, stan_points, tolerance=GRADIENT_TOLERANCE):
    """Raises BenchError unless the engines agree at every point; returns (transforms agree, lp difference)."""
    same_points = all(
        len(ours["point"]) == len(theirs["point"])
        and all(abs(a - b) <= 1e-8 * (1 + abs(b)) for a, b in zip(ours["point"], theirs["point"]))
        for ours, theirs in zip(strata_points, stan_points))
    if same_points:
        for k, (ours, theirs) in enumerate(zip(strata_points, stan_points), start=1):
            worst = max((abs(a - b) / (1 + abs(b)) for a, b in zip(ours["gradient"], theirs["gradient"])), default=0)
            if not worst <= tolerance:
                raise BenchError(f"GRADIENT MISMATCH at point {k}: max relative difference {worst:.3g}")
        ours_key, theirs_key = "logDensity", "lp"
    else:
        ours_key, theirs_key = "logDensityWithoutJacobian", "lp_without_jacobian"
    offsets = [theirs[theirs_key] - ours[ours_key] for ours, theirs in zip(strata_points, stan_points)]
    scale = 1 + max(abs(p[theirs_key]) for p in stan_points)
    if not abs(offsets[0] - offsets[1]) <= max(1e-9, tolerance) * scale:
        raise BenchError(f"LOG DENSITY MISMATCH ({theirs_key}): Stan - Strata is {offsets[0]:.12g} at point 1 "
                         f"but {offsets[1]:.12g} at point 2 (not a constant)")
    return same_points, offsets[0]


def measure(args, name, model, data):
    quick = ["--rounds", "1", "--seconds", "0.01"]
    first = strata_bench(args, model, data, quick + ["--seed", str(args.seed)])["at"]
    second = strata_bench(args, model, data, quick + ["--seed", str(args.seed + 1)])["at"]
    binary = stan_binary(args, name, model)
    with tempfile.TemporaryDirectory() as scratch:
        inits = [os.path.join(scratch, f"init{k}.json") for k in (1, 2)]
        for path, at in zip(inits, [first, second]):
            init_file(path, at["parameters"])
        point = os.path.join(scratch, "point.json")
        with open(point, "w") as f:
            json.dump(first["point"], f)
        stan_ns, strata_ns, stan = [], [], None
        for _ in range(args.repeats):
            stan = json.loads(run([binary, data, str(args.seconds), str(args.rounds), *inits], f"Stan harness on {name}"))
            stan_ns.append(stan["ns_median"])
            ours = strata_bench(args, model, data, ["--unconstrained", point, "--rounds", str(args.rounds),
                                                    "--seconds", str(args.seconds)])
            strata_ns.append(ours["gradientNanoseconds"]["median"])
    same_transforms, offset = compare([first, second], stan["points"], args.gradient_tolerance)
    return {"program": name, "dimension": stan["dimension"], "stan_ns": statistics.median(stan_ns),
            "strata_ns": statistics.median(strata_ns), "same_transforms": same_transforms, "lp_offset": offset,
            "stan_ns_all": stan_ns, "strata_ns_all": strata_ns}


def print_table(rows, failures):
    print("| program | dim | Stan ns/gradient | Strata ns/gradient | Stan / Strata | agreement (lp Stan - Strata) |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        agreement = "gradient, lp" if r["same_transforms"] else "lp without Jacobian (transforms differ)"
        print(f"| {r['program']} | {r['dimension']} | {r['stan_ns']:,.0f} | {r['strata_ns']:,.0f} | "
              f"{r['stan_ns'] / r['strata_ns']:.2f} | {agreement} ({r['lp_offset']:.3g}) |")
    for name, reason in failures:
        print(f"| {name} | FAILED: {reason} | | | | |")
    if rows:
        ratios = sorted((r["stan_ns"] / r["strata_ns"], r["program"]) for r in rows)
        print(f"\nmedian Stan / Strata: {statistics.median(x for x, _ in ratios):.2f} over {len(rows)} programs; "
              f"worst: {ratios[0][0]:.2f} ({ratios[0][1]}); best: {ratios[-1][0]:.2f} ({ratios[-1][1]})")
        slower = [f"{p} ({x:.2f})" for x, p in ratios if x < 1]
        print("Strata slower than Stan on: " + (", ".join(slower) if slower else "none"))


def main(argv):
    args = parse_arguments(argv)
    rows, failures = [], []
    for name, model, data in programs(args):
        print(f"{name} ...", file=sys.stderr, flush=True)
        try:
            if args.compile_only:
                stan_binary(args, name, model)
                continue
            rows.append(measure(args, name, model, data))
        except BenchError as error:
            print(f"  *** {name}: {error}", file=sys.stderr, flush=True)
            failures.append((name, str(error).splitlines()[0][:200]))
    print_table(rows, failures)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"rows": rows, "failures": failures}, f, indent=1)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
