# cmdstanpy and ArviZ read Strata's CSVs as CmdStan's: names, shapes (column-major), values and sampler statistics.
import pathlib
import subprocess
import warnings

import numpy as np
import pytest

import arviz as az
import cmdstanpy

from conftest import PROGRAMS, shared_dir
from stan_csv import SAMPLER_COLUMNS, column_major_names, kept_draws, read_csv, variables

CHAINS, WARMUP, SAMPLES = 2, 120, 60

SHARED_MODELS = [
    ("decay.stan", "decay_days.json"),
    ("decay_seed.stan", "decay_days.json"),
    ("decay_t0_unknown.stan", "decay_t0u_days.json"),
    ("eight_schools_centered.stan", "eight_schools.json"),
    ("eight_schools_noncentered.stan", "eight_schools.json"),
    ("complete_pooling.stan", "pooling.json"),
    ("no_pooling.stan", "pooling.json"),
    ("partial_pooling.stan", "partial_pooling.json"),
    ("radon_noncentered.stan", "radon_85.json"),
]


def cases():
    shared = shared_dir()
    out = []
    for model, data in SHARED_MODELS:
        out.append(pytest.param(shared / "models" / model, shared / "data" / data, [],
                                id=f"{model[:-5]}-{data[:-5]}"))
    for folder in sorted(p for p in (shared / "posteriordb").iterdir() if (p / "model.stan").is_file()):
        out.append(pytest.param(folder / "model.stan", folder / "data.json", [], id="pdb-" + folder.name))
    out.append(pytest.param(PROGRAMS / "shapes.stan", None, [], id="shapes"))
    out.append(pytest.param(PROGRAMS / "rng.stan", None, [], id="rng"))
    return out


# Runs with thinning and a dense metric (each also has generated quantities or matrix/array outputs).
VARIANT_IDS = {"shapes", "rng", "eight_schools_noncentered-eight_schools", "radon_noncentered-radon_85",
               "pdb-hmm_example-hmm_example", "pdb-sblrc-blr", "decay_seed-decay_days"}
VARIANTS = [pytest.param(["--thin", "3"], id="thin3"), pytest.param(["--metric", "dense"], id="dense"),
            pytest.param(["--metric", "dense", "--thin", "2"], id="dense-thin2"),
            pytest.param(["--metric", "lowrank"], id="lowrank"), pytest.param(["--metric", "unit"], id="unit")]


def bracketed(column):
    base, *index = column.split(".")
    return f"{base}[{','.join(index)}]" if index else base


def run_strata(strata_bin, tmp_path, model, data, flags):
    out = tmp_path / "out"
    cmd = [str(strata_bin), "sample", str(model), "--chains", str(CHAINS), "--warmup", str(WARMUP),
           "--samples", str(SAMPLES), "--seed", "11", "--output", str(out), "--quiet", *flags]
    if data is not None:
        cmd += ["--data", str(data)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(cmd)}\nexit {done.returncode}\n{done.stderr}"
    files = sorted(out.glob("*.csv"))
    assert len(files) == CHAINS, f"expected {CHAINS} CSVs in {out}, found {files}"
    return out, files


def check_loads(out, files, flags):
    thin = int(flags[flags.index("--thin") + 1]) if "--thin" in flags else 1
    metric = flags[flags.index("--metric") + 1] if "--metric" in flags else "diag"
    dense = metric == "dense"
    draws = kept_draws(SAMPLES, thin)
    parsed = [read_csv(f) for f in files]
    columns = parsed[0][0]
    assert columns[:7] == SAMPLER_COLUMNS
    table = np.array([rows for _, rows, _ in parsed])          # (chain, draw, column)
    assert table.shape == (CHAINS, draws, len(columns))
    var_dims = variables(columns[7:])
    # The writer lists every variable in CmdStan's column-major order.
    assert columns[7:] == [c for name, dims in var_dims.items() for c in column_major_names(name, dims)]

    def column(name):
        return table[:, :, columns.index(name)]

    # cmdstanpy, as a CmdStan user loads an output folder.
    fit = cmdstanpy.from_csv(str(out))
    # cmdstanpy takes the folder's files in directory order: compare its chains with those files.
    order = [files.index(pathlib.Path(f)) for f in fit.runset.csv_files]
    assert sorted(order) == list(range(CHAINS))
    assert fit.chains == CHAINS and fit.num_draws_sampling == draws
    # cmdstanpy shows CmdStan's `m.2.1` as `m[2,1]`.
    assert fit.column_names == tuple(bracketed(c) for c in columns)
    assert fit.draws().shape == (draws, CHAINS, len(columns))
    np.testing.assert_array_equal(fit.draws(), table[order].transpose(1, 0, 2))
    assert set(fit.stan_variables()) == set(var_dims)
    for name, dims in var_dims.items():
        values = fit.stan_variable(name)
        assert values.shape == (CHAINS * draws, *dims), name
        for index in np.ndindex(*dims):
            col = name + "".join("." + str(i + 1) for i in index)
            np.testing.assert_array_equal(values[(slice(None), *index)], column(col)[order].reshape(-1), err_msg=col)
    method = fit.method_variables()
    assert set(method) == set(SAMPLER_COLUMNS)
    for name in SAMPLER_COLUMNS:
        np.testing.assert_array_equal(method[name], column(name)[order].T, err_msg=name)
    # cmdstanpy 1.3 counts divergences from the second sampling row on (it skips one row too many, for
    # CmdStan's own files too): accept that count or the full one.
    divergent = column("divergent__")[order]
    assert all(n in (d.sum(), d[1:].sum()) for n, d in zip(fit.divergences, divergent)), fit.divergences
    # A low-rank run lists the diagonal of its inverse metric for CmdStan readers (strata_metric_kind = lowrank_e).
    assert fit.metric_type == {"dense": "dense_e", "unit": "unit_e"}.get(metric, "diag_e")
    np.testing.assert_array_equal(fit.step_size, column("stepsize__")[order, 0])
    inverse = None if fit.inv_metric is None else np.asarray(fit.inv_metric)
    if metric == "unit":
        assert inverse is None or np.all(inverse == 1)
    elif dense:
        assert inverse.shape[0] == CHAINS and inverse.ndim == 3 and inverse.shape[1] == inverse.shape[2]
        np.testing.assert_allclose(inverse, inverse.transpose(0, 2, 1))
    else:
        assert inverse.shape[0] == CHAINS and inverse.ndim == 2 and np.all(inverse > 0)

    # ArviZ, from the CSV files and from the cmdstanpy fit.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for idata, chains in ((az.from_cmdstan(posterior=[str(f) for f in files]), list(range(CHAINS))),
                              (az.from_cmdstanpy(fit), order)):
            for name, dims in var_dims.items():
                da = idata.posterior[name]
                assert da.shape == (CHAINS, draws, *dims), name
                for ix in np.ndindex(*dims):
                    col = name + "".join("." + str(i + 1) for i in ix)
                    np.testing.assert_array_equal(da.values[(slice(None), slice(None), *ix)], column(col)[chains],
                                                  err_msg=col)
            stats = idata.sample_stats
            np.testing.assert_array_equal(stats["diverging"].values, column("divergent__")[chains] != 0)
            for arviz_name, stan_name in [("energy", "energy__"), ("tree_depth", "treedepth__"),
                                          ("step_size", "stepsize__"), ("n_steps", "n_leapfrog__"),
                                          ("lp", "lp__"), ("acceptance_rate", "accept_stat__")]:
                np.testing.assert_array_equal(stats[arviz_name].values, column(stan_name)[chains], err_msg=arviz_name)
        summary = az.summary(idata)
        assert len(summary) == sum(int(np.prod(d)) for d in var_dims.values())
        assert np.all(np.isfinite(az.bfmi(idata)))
    return fit, var_dims


@pytest.mark.parametrize("model,data,flags", cases())
def test_loads_as_cmdstan(strata_bin, tmp_path, model, data, flags):
    out, files = run_strata(strata_bin, tmp_path, model, data, flags)
    check_loads(out, files, flags)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("model,data,flags", [c for c in cases() if c.id in VARIANT_IDS])
def test_loads_thinned_and_dense(strata_bin, tmp_path, model, data, flags, variant):
    out, files = run_strata(strata_bin, tmp_path, model, data, flags + variant)
    check_loads(out, files, flags + variant)


def test_shapes_read_back_by_index(strata_bin, tmp_path):
    """Every container shape lands on the right element: v[i, j] = g[i, j] = b[i, j] = 10 i + j, am[k, i, j] = 100 k + 10 i + j."""
    out, files = run_strata(strata_bin, tmp_path, PROGRAMS / "shapes.stan", None, [])
    fit, dims = check_loads(out, files, [])
    assert dims["m"] == (2, 3) and dims["theta"] == (2, 3) and dims["a"] == (2, 3) and dims["am"] == (2, 2, 3)
    expected = np.array([[10 * i + j for j in range(1, 4)] for i in range(1, 3)], dtype=float)
    idata = az.from_cmdstan(posterior=[str(f) for f in files])
    for name in ("v", "g", "b"):
        assert np.all(fit.stan_variable(name) == expected), name
        assert np.all(idata.posterior[name].values == expected), name
    am = np.array([100 * (k + 1) + expected for k in range(2)])
    assert np.all(fit.stan_variable("am") == am) and np.all(idata.posterior["am"].values == am)
    assert np.all(fit.stan_variable("counts") == [1, 2, 3])
    np.testing.assert_allclose(fit.stan_variable("theta").sum(axis=2), 1, rtol=1e-12)
