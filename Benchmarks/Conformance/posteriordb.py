#!/usr/bin/env python3
"""Whole-posteriordb conformance run: every posterior through `strata check`, every reference posterior sampled
and compared with posteriordb's reference draws (mean within 4 combined MCSE, sd within 15 %, R-hat < 1.01).

posteriordb is fetched, not vendored: point --posteriordb at a checkout of stan-dev/posteriordb (a work tree or a
bare git directory such as the mirror `fetch github:stan-dev/posteriordb` makes). Without it the script says so
and exits 0 (nothing to run). Only the Python standard library is used.

    python3 Benchmarks/Conformance/posteriordb.py --posteriordb PATH [--strata .build/release/strata]
        [--out .build/posteriordb] [--only NAME ...] [--check-only] [--check-timeout 60] [--sample-timeout 600]
        [--chains 4] [--seed 1234] [--markdown FILE]

Writes one JSON object per posterior to OUT/results.jsonl as it goes (so an interrupted run keeps what it did;
--resume skips posteriors already there) and prints a Markdown table at the end.
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import time
import zipfile
import io

DB = "posterior_database"


class Source:
    """Reads posteriordb's files from a work tree or a bare git directory."""

    def __init__(self, root):
        self.root = root
        self.tree = os.path.isdir(os.path.join(root, DB))
        if not self.tree:
            probe = subprocess.run(["git", "--git-dir", root, "rev-parse", "HEAD"], capture_output=True, text=True)
            if probe.returncode != 0:
                raise SystemExit(f"--posteriordb {root}: neither a posteriordb work tree (no {DB}/) nor a git directory")
            self.commit = probe.stdout.strip()
        else:
            self.commit = None

    def list(self, folder):
        if self.tree:
            path = os.path.join(self.root, folder)
            return sorted(os.listdir(path)) if os.path.isdir(path) else []
        out = subprocess.run(["git", "--git-dir", self.root, "ls-tree", "--name-only", "HEAD", folder + "/"],
                             capture_output=True, text=True)
        return sorted(os.path.basename(line) for line in out.stdout.splitlines())

    def read(self, path):
        """Bytes of a file, or None when it does not exist."""
        if self.tree:
            full = os.path.join(self.root, path)
            if not os.path.exists(full):
                return None
            with open(full, "rb") as f:
                return f.read()
        out = subprocess.run(["git", "--git-dir", self.root, "show", "HEAD:" + path], capture_output=True)
        return out.stdout if out.returncode == 0 else None

    def read_zipped_json(self, path):
        raw = self.read(path)
        if raw is None:
            return None
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return json.loads(z.read(z.namelist()[0]))


def prepare(source, name, folder):
    """Writes model.stan, data.json and (if any) the reference draws and info of one posterior into folder."""
    os.makedirs(folder, exist_ok=True)
    post = json.loads(source.read(f"{DB}/posteriors/{name}.json"))
    model = source.read(f"{DB}/models/stan/{post['model_name']}.stan")
    with open(os.path.join(folder, "model.stan"), "wb") as f:
        f.write(model)
    data = source.read_zipped_json(f"{DB}/data/data/{post['data_name']}.json.zip")
    if data is None:  # posteriordb keeps a few large data sets in Git LFS only (mnist)
        return post, None, None, False
    with open(os.path.join(folder, "data.json"), "w") as f:
        json.dump(data, f)
    ref_name = post.get("reference_posterior_name")
    draws = info = None
    if ref_name:
        draws = source.read_zipped_json(f"{DB}/reference_posteriors/draws/draws/{ref_name}.json.zip")
        raw_info = source.read(f"{DB}/reference_posteriors/draws/info/{ref_name}.info.json")
        info = json.loads(raw_info) if raw_info else None
    return post, draws, info, True


def run(cmd, timeout):
    """(exit code or 'timeout', seconds, combined output)."""
    start = time.time()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        return p.returncode, time.time() - start, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return "timeout", time.time() - start, ""


def first_error(text):
    for line in text.splitlines():
        if "rror" in line or "unsupported" in line:
            return line.strip()[:160]
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1][:160] if lines else ""


def csv_name(ref_name):
    """posteriordb's `beta[1,2]` is CmdStan's `beta.1.2`."""
    m = re.match(r"^([^\[]+)\[(.*)\]$", ref_name)
    return ref_name if not m else m.group(1) + "." + ".".join(s.strip() for s in m.group(2).split(","))


def mean_sd(values):
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1)
    return mean, math.sqrt(var)


def compare(draws, info, summaries):
    """Per-variable comparison against the reference; returns the worst figures and the failing names."""
    by_name = {s["name"]: s for s in summaries}
    names = list(draws[0].keys())
    ess_ref = {}
    if info:
        diag = info.get("diagnostics", {})
        for n, e in zip(diag.get("diagnostic_information", {}).get("names", []),
                        diag.get("effective_sample_size_bulk", [])):
            ess_ref[n] = e
    worst_z, worst_sd, worst_q, max_rhat, failing, missing = 0.0, 0.0, 0.0, 0.0, [], []
    for n in names:
        ref = [v for chain in draws for v in chain[n]]
        mean_r, sd_r = mean_sd(ref)
        s = by_name.get(csv_name(n))
        if s is None:
            missing.append(n)
            continue
        mcse_r = sd_r / math.sqrt(ess_ref.get(n, len(ref)))
        mcse_t = s["mcseMean"] if s["mcseMean"] == s["mcseMean"] else float("inf")
        scale = math.sqrt(mcse_t ** 2 + mcse_r ** 2)
        z = abs(s["mean"] - mean_r) / scale if scale > 0 else (0.0 if s["mean"] == mean_r else float("inf"))
        sd_err = abs(s["sd"] / sd_r - 1) if sd_r > 0 else (0.0 if s["sd"] == 0 else float("inf"))
        rhat = s["rHat"] if s["rHat"] == s["rHat"] else 1.0  # constant columns have no R-hat
        ref.sort()
        q_ref = [ref[int(p * (len(ref) - 1) + 0.5)] for p in (0.05, 0.5, 0.95)]
        q_err = max(abs(a - b) for a, b in zip(q_ref, (s["q5"], s["median"], s["q95"]))) / sd_r if sd_r > 0 else 0.0
        worst_q = max(worst_q, q_err)
        if z > 4 or sd_err > 0.15 or rhat >= 1.01:
            failing.append(n)
        worst_z, worst_sd, max_rhat = max(worst_z, z), max(worst_sd, sd_err), max(max_rhat, rhat)
    return {"variables": len(names), "worst_z": worst_z, "worst_sd_error": worst_sd, "worst_quantile_error": worst_q,
            "max_rhat": max_rhat,
            "failing": failing, "missing": missing}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--posteriordb", default=os.environ.get("STRATA_POSTERIORDB"))
    ap.add_argument("--strata", default=".build/release/strata")
    ap.add_argument("--out", default=".build/posteriordb")
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--check-only", action="store_true")
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--check-timeout", type=float, default=60)
    ap.add_argument("--sample-timeout", type=float, default=600)
    ap.add_argument("--chains", type=int, default=4)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--markdown")
    ap.add_argument("--extra-reference", action="append", default=[], metavar="NAME=FILE",
                    help="reference draws made elsewhere (stan_reference.py) for a posterior posteriordb has none for")
    args = ap.parse_args()
    if not args.posteriordb or not os.path.exists(args.posteriordb):
        print("posteriordb not found: pass --posteriordb PATH (a checkout or a bare git directory of "
              "stan-dev/posteriordb) or set STRATA_POSTERIORDB; nothing to run")
        return 0
    if not os.access(args.strata, os.X_OK):
        raise SystemExit(f"--strata {args.strata}: not an executable (build with `swift build -c release`)")
    source = Source(args.posteriordb)
    extra = {}
    for item in args.extra_reference:
        name, _, path = item.partition("=")
        if not path or not os.path.exists(path):
            raise SystemExit(f"--extra-reference {item}: expected NAME=FILE with an existing FILE")
        with open(path) as f:
            extra[name] = json.load(f)
    names = [n[:-5] for n in source.list(f"{DB}/posteriors") if n.endswith(".json")]
    if args.only:
        names = [n for n in names if any(o in n for o in args.only)]
    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.jsonl")
    done = {}
    if args.resume and os.path.exists(results_path):
        with open(results_path) as f:
            for line in f:
                r = json.loads(line)
                done[r["name"]] = r
    results = []
    with open(results_path, "a" if args.resume else "w") as out:
        for name in names:
            if name in done:
                results.append(done[name])
                continue
            folder = os.path.join(args.out, "cases", name)
            post, draws, info, has_data = prepare(source, name, folder)
            model, data = os.path.join(folder, "model.stan"), os.path.join(folder, "data.json")
            if draws is None and name in extra:
                draws, info = extra[name], None
                r = {"name": name, "reference": True, "reference_source": "Stan (stan_reference.py)"}
            else:
                r = {"name": name, "reference": draws is not None}
            if not has_data:
                r.update(check="no data", check_error="the data set is not in the checkout (Git LFS)")
                out.write(json.dumps(r) + "\n")
                results.append(r)
                print(f"{name}: no data", flush=True)
                continue
            code, secs, text = run([args.strata, "check", model, "--data", data], args.check_timeout)
            r["check"] = "pass" if code == 0 else ("timeout" if code == "timeout" else "fail")
            r["check_seconds"] = round(secs, 2)
            if code != 0:
                r["check_error"] = first_error(text) if code != "timeout" else f"over {args.check_timeout:g} s"
            if draws is not None and code == 0 and not args.check_only:
                run_dir = os.path.join(args.out, "runs", name)
                code, secs, text = run([args.strata, "sample", model, "--data", data, "--output", run_dir,
                                        "--chains", str(args.chains), "--seed", str(args.seed), "--quiet"],
                                       args.sample_timeout)
                r["sample_seconds"] = round(secs, 1)
                m = re.search(r"divergences: (\d+)", text)
                r["divergences"] = int(m.group(1)) if m else None
                if code == 0:
                    summary = subprocess.run([args.strata, "summary", run_dir, "--json"], capture_output=True,
                                             text=True)
                    r.update(compare(draws, info, json.loads(summary.stdout)["summaries"]))
                    r["sample"] = "match" if not r["failing"] and not r["missing"] else "differs"
                else:
                    r["sample"] = "timeout" if code == "timeout" else "fail"
                    if code != "timeout":
                        r["sample_error"] = first_error(text)
            out.write(json.dumps(r) + "\n")
            out.flush()
            results.append(r)
            print(f"{name}: check {r['check']}" + (f", sample {r['sample']}" if "sample" in r else ""), flush=True)
    table = markdown(results, source)
    print(table)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(table)
    return 0


def markdown(results, source):
    checked = sum(r["check"] == "pass" for r in results)
    refs = [r for r in results if r["reference"]]
    sampled = [r for r in refs if "sample" in r]
    matched = sum(r.get("sample") == "match" for r in refs)
    nodata = sum(r["check"] == "no data" for r in results)
    lines = [f"`strata check --data`: {checked} of {len(results)} pass"
             + (f" ({nodata} without its data in the checkout)" if nodata else "") + f". Reference posteriors: {len(refs)}, "
             f"sampled {len(sampled)}, match {matched} (mean within 4 combined MCSE, sd within 15 %, R-hat < 1.01).",
             "", "| posterior | check | sample | s | worst z | worst sd error | worst q5/q50/q95 error (sd) | max R-hat | "
             "divergences | note |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        note = r.get("check_error") or r.get("sample_error") or ""
        if r.get("failing"):
            note = "differs: " + ", ".join(r["failing"][:4]) + ("..." if len(r["failing"]) > 4 else "")
        if r.get("reference_source"):
            note = (note + "; " if note else "") + "reference: " + r["reference_source"]
        if r.get("missing"):
            note += " missing: " + ", ".join(r["missing"][:3])
        fmt = lambda k, f: (f % r[k]) if k in r and r[k] is not None else ""
        lines.append(f"| {r['name']} | {r['check']} | {r.get('sample', '')} | {fmt('sample_seconds', '%.0f')} | "
                     f"{fmt('worst_z', '%.1f')} | {fmt('worst_sd_error', '%.2f')} | {fmt('worst_quantile_error', '%.2f')} | "
                     f"{fmt('max_rhat', '%.3f')} | "
                     f"{fmt('divergences', '%d')} | {note.replace('|', '/')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
