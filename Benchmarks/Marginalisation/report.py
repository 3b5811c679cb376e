#!/usr/bin/env python3
"""Summarises a `strata sample` run of the widget model: convergence over every parameter and the truth check.

usage: report.py STRATA OUTPUT_DIR TRUTH.json [TIME_V_LOG]
Prints one Markdown table row: widgets, wall, peak memory, max R-hat, min bulk/tail ESS, divergences,
leapfrogs per draw, alpha's 90% interval and whether it covers the truth.
"""
import glob, json, re, subprocess, sys

strata, out, truth_path = sys.argv[1:4]
time_log = sys.argv[4] if len(sys.argv) > 4 else None
summary = json.loads(subprocess.run([strata, "summary", out, "--json"], capture_output=True, text=True, check=True).stdout)
rows = [s for s in summary["summaries"] if not s["name"].endswith("__")]
alpha = next(s for s in rows if s["name"] == "alpha")
truth = json.load(open(truth_path))["alpha_per_day"]
leapfrogs = draws = divergent = 0
for f in glob.glob(out + "/*.csv"):
    lines = [l for l in open(f) if not l.startswith("#")]
    header = lines[0].strip().split(",")
    i, k = header.index("n_leapfrog__"), header.index("divergent__")
    for l in lines[1:]:
        v = l.split(",")
        leapfrogs += float(v[i]); divergent += float(v[k]); draws += 1
wall = memory = "?"
if time_log:
    text = open(time_log).read()
    m = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", text)
    if m:
        parts = [float(p) for p in m.group(1).split(":")]
        wall = "%.0f s" % sum(p * 60 ** (len(parts) - 1 - n) for n, p in enumerate(parts))
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        memory = "%.2f GB" % (int(m.group(1)) / 1e6)
covered = alpha["q5"] <= truth <= alpha["q95"]
print("| %d | %s | %s | %.4f | %.0f | %.0f | %d | %.1f | [%.6f, %.6f] | %s (truth %.6f) |" % (
    len(rows) - 1, wall, memory, max(s["rHat"] for s in rows), min(s["essBulk"] for s in rows),
    min(s["essTail"] for s in rows), divergent, leapfrogs / max(draws, 1), alpha["q5"], alpha["q95"],
    "yes" if covered else "NO", truth))
