#!/usr/bin/env python3
"""Writes a 10^6-widget data set with the recipe of ../shared/data/gen_data.py (its `decay_recipe`, seed 1),
plus an init and a truth file, into the folder given (default /tmp). Needs numpy.
usage: million.py [OUT_DIR] [N]
"""
import ast, json, os, sys
import numpy as np

shared = os.environ.get("STRATA_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
source = open(os.path.join(shared, "data", "gen_data.py")).read()
tree = ast.parse(source)
recipe = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "decay_recipe")
namespace = {"np": np, "day": 86400.0}
exec(compile(ast.Module(body=[recipe], type_ignores=[]), "gen_data.py", "exec"), namespace)
out = sys.argv[1] if len(sys.argv) > 1 else "/tmp"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
alpha, nmax, n0, t0, tm, nmeas, s = namespace["decay_recipe"](1, n)
day = 86400.0
data = dict(N_widgets=n, N_measured=nmeas.tolist(), sigma_N_measured=s.tolist(), N_initial_max=float(nmax),
            t_initial=(t0 / day).tolist(), t_measured=(tm / day).tolist())
json.dump(data, open(os.path.join(out, f"decay_days_{n}.json"), "w"))
json.dump({"alpha": 0.04}, open(os.path.join(out, f"decay_days_{n}_init.json"), "w"))
json.dump({"alpha_per_day": alpha * day}, open(os.path.join(out, f"decay_{n}_truth.json"), "w"))
print("wrote", n, "widgets to", out, "alpha per day", alpha * day)
