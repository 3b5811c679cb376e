# ArviZ opens `strata sample --output-format netcdf` files: groups, chain/draw and named dims, values equal the CSVs of the same run.
import subprocess
import warnings

import numpy as np
import pytest

import arviz as az

from conftest import PROGRAMS, shared_dir
from stan_csv import SAMPLER_COLUMNS, kept_draws, read_csv, variables

WARMUP, SAMPLES = 100, 50

# ArviZ's sample_stats names for the CmdStan sampler columns.
STATS = {"lp": "lp__", "acceptance_rate": "accept_stat__", "step_size": "stepsize__", "tree_depth": "treedepth__",
         "n_steps": "n_leapfrog__", "diverging": "divergent__", "energy": "energy__"}


def cases():
    shared = shared_dir()
    return [
        pytest.param(shared / "models" / "decay.stan", shared / "data" / "decay_days.json", ["--chains", "3"], id="decay"),
        pytest.param(PROGRAMS / "shapes.stan", None, ["--chains", "2"], id="shapes"),
        pytest.param(shared / "models" / "eight_schools_noncentered.stan", shared / "data" / "eight_schools.json",
                     ["--chains", "2", "--thin", "3"], id="eight_schools-thin3"),
    ]


def sample(strata_bin, out, model, data, flags):
    cmd = [str(strata_bin), "sample", str(model), "--warmup", str(WARMUP), "--samples", str(SAMPLES), "--seed", "5",
           "--output", str(out), "--quiet", *flags]
    if data is not None:
        cmd += ["--data", str(data)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(cmd)}\nexit {done.returncode}\n{done.stderr}"


@pytest.mark.parametrize("model,data,flags", cases())
def test_netcdf_opens_in_arviz_with_the_csv_values(strata_bin, tmp_path, model, data, flags):
    sample(strata_bin, tmp_path / "csv", model, data, flags)
    sample(strata_bin, tmp_path / "nc", model, data, flags + ["--output-format", "netcdf"])
    files = sorted((tmp_path / "csv").glob("*.csv"))
    parsed = [read_csv(f) for f in files]
    columns = parsed[0][0]
    table = np.array([rows for _, rows, _ in parsed])              # (chain, draw, column)
    chains = len(files)
    thin = int(flags[flags.index("--thin") + 1]) if "--thin" in flags else 1
    draws = kept_draws(SAMPLES, thin)
    assert table.shape == (chains, draws, len(columns))
    ncs = list((tmp_path / "nc").glob("*.nc"))
    assert [p.name for p in ncs] == [model.stem + ".nc"] and not list((tmp_path / "nc").glob("*.csv"))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        idata = az.from_netcdf(str(ncs[0]))
    assert {"posterior", "sample_stats"} <= set(idata.groups())
    post, stats = idata.posterior, idata.sample_stats
    assert dict(post.sizes)["chain"] == chains and dict(post.sizes)["draw"] == draws
    assert list(post.chain.values) == list(range(chains)) and list(post.draw.values) == list(range(draws))
    var_dims = variables(columns[len(SAMPLER_COLUMNS):])
    assert set(post.data_vars) == set(var_dims)
    for name, dims in var_dims.items():
        da = post[name]
        assert da.dims == ("chain", "draw", *(f"{name}_dim_{k}" for k in range(len(dims)))), name
        assert da.shape == (chains, draws, *dims), name
        for index in np.ndindex(*dims):
            column = name + "".join("." + str(i + 1) for i in index)
            np.testing.assert_array_equal(da.values[(slice(None), slice(None), *index)],
                                          table[:, :, columns.index(column)], err_msg=column)
    assert set(stats.data_vars) == set(STATS)
    assert stats["diverging"].dtype == bool
    np.testing.assert_array_equal(stats["diverging"].values, table[:, :, columns.index("divergent__")] != 0)
    for arviz_name, stan_name in STATS.items():
        np.testing.assert_array_equal(stats[arviz_name].values.astype(float), table[:, :, columns.index(stan_name)],
                                      err_msg=arviz_name)
    # ArviZ's own diagnostics run on the file as on any InferenceData (constant outputs make them warn).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = az.summary(idata)
        assert len(summary) == sum(int(np.prod(d)) for d in var_dims.values())
        assert np.all(np.isfinite(az.bfmi(idata)))
