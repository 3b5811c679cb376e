#!/usr/bin/env python3
"""Reference draws from Stan itself (pystan) for posteriors that posteriordb ships without reference draws
(sir, hmm_gaussian, ...), written in posteriordb's draws format so `posteriordb.py --extra-reference` can
compare Strata with them the same way.

Run it from a virtual environment with pystan (see ../shared/bench/peers/setup.sh):

    python Benchmarks/Conformance/stan_reference.py MODEL.stan DATA.json OUT.json [--chains 10] [--warmup 1000]
        [--samples 1000] [--thin 1] [--seed 4711] [--parameters beta,gamma]

OUT.json is a list of chains, each mapping a flattened name (`theta[1]`, `Sigma[1,2]`) to its draws. Only the
parameters block's variables are written (as in posteriordb), unless --parameters names others.
"""
import argparse
import itertools
import json
import re
import sys


def parameter_names(program):
    """Names declared in the parameters block (a light scan: one declaration per statement)."""
    start = next((m.end() for m in re.finditer(r"\bparameters\s*\{", program)
                  if not program[max(0, m.start() - 12):m.start()].strip().endswith("transformed")), None)
    if start is None:
        return []
    depth, end = 1, start
    while depth and end < len(program):
        depth += {"{": 1, "}": -1}.get(program[end], 0)
        end += 1
    body = re.sub(r"//[^\n]*|/\*.*?\*/", "", program[start:end - 1], flags=re.S)
    names = []
    for stmt in body.split(";"):
        words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"<[^>]*>|\[[^\]]*\]", " ", stmt))
        if words:
            names.append(words[-1])
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("data")
    ap.add_argument("out")
    ap.add_argument("--chains", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=1000)
    ap.add_argument("--samples", type=int, default=1000)
    ap.add_argument("--thin", type=int, default=1)
    ap.add_argument("--seed", type=int, default=4711)
    ap.add_argument("--parameters")
    args = ap.parse_args()
    import aiohttp.client  # pystan's HTTP client gives up on a build after aiohttp's default 5 minutes;
    aiohttp.client.DEFAULT_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=30)  # a loaded machine needs more
    import stan  # only here, so --help works without pystan

    program = open(args.model).read()
    data = json.load(open(args.data))
    posterior = stan.build(program, data=data, random_seed=args.seed)
    fit = posterior.sample(num_chains=args.chains, num_warmup=args.warmup, num_samples=args.samples,
                           num_thin=args.thin)
    names = args.parameters.split(",") if args.parameters else parameter_names(program)
    chains = [dict() for _ in range(args.chains)]
    for name in names:
        dims = list(fit.dims[fit.param_names.index(name)])
        values = fit[name]  # shape: dims..., draws with the chains interleaved (draw-major)
        for index in itertools.product(*[range(d) for d in dims]):
            flat = name if not dims else f"{name}[{','.join(str(i + 1) for i in index)}]"
            series = values[index] if dims else values[0]
            for c in range(args.chains):
                chains[c][flat] = [float(v) for v in series[c::args.chains]]
    with open(args.out, "w") as f:
        json.dump(chains, f)
    print(f"{args.out}: {len(chains[0])} variables, {args.chains} chains", file=sys.stderr)


if __name__ == "__main__":
    main()
