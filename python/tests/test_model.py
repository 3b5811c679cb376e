# strata.Model against the command line (same seed, identical draws), an independent density, and posteriordb.
import json
import math
import subprocess

import numpy as np
import pytest

import arviz as az
import strata

from conftest import PROGRAMS
from stan_csv import read_csv

EIGHT_Y = [28, 8, -3, 7, -1, 1, 18, 12]
EIGHT_SIGMA = [15, 10, 16, 11, 9, 11, 10, 18]


def cli_draws(strata_bin, tmp_path, model, data, args):
    """{column: (chains, draws) array} of a `strata sample` run."""
    out = tmp_path / "cli"
    done = subprocess.run([str(strata_bin), "sample", str(model), "--data", str(data), "--output", str(out),
                           "--quiet", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    tables = [read_csv(f) for f in sorted(out.glob("*.csv"), key=lambda f: int(f.stem.rsplit("_", 1)[1]))]
    names = tables[0][0]
    values = np.array([rows for _, rows, _ in tables])
    return {name: values[:, :, k] for k, name in enumerate(names)}


@pytest.mark.parametrize("use_inits,metric", [(True, "diag"), (False, "diag"), (True, "lowrank")],
                         ids=["init-file", "random-inits", "lowrank-fisher"])
def test_draws_are_the_command_lines_bit_for_bit(strata_bin, shared, tmp_path, use_inits, metric):
    model_file, data_file = shared / "models" / "decay_seed.stan", shared / "data" / "decay_days.json"
    init_file = shared / "data" / "decay_days_init.json"
    settings = dict(chains=3, seed=20261129, warmup=300, samples=200, thin=2)
    args = ["--chains", "3", "--seed", "20261129", "--warmup", "300", "--samples", "200", "--thin", "2"]
    if metric != "diag":
        settings["metric"] = metric
        args += ["--metric", metric]
    if use_inits:
        settings["inits"] = str(init_file)
        args += ["--init", str(init_file)]
    cli = cli_draws(strata_bin, tmp_path, model_file, data_file, args)
    idata = strata.Model(str(model_file), data=str(data_file)).sample(**settings)
    alpha = idata.posterior["alpha"].values
    assert alpha.shape == (3, 100)
    assert np.array_equal(alpha, cli["alpha"]), "alpha differs from the CLI's draws"
    n_initial = idata.posterior["N_initial"].values
    for i in range(n_initial.shape[2]):
        assert np.array_equal(n_initial[:, :, i], cli[f"N_initial.{i + 1}"])
    stats = idata.sample_stats
    for ours, theirs in [("lp", "lp__"), ("acceptance_rate", "accept_stat__"), ("step_size", "stepsize__"),
                         ("tree_depth", "treedepth__"), ("n_leapfrog", "n_leapfrog__"), ("n_steps", "n_leapfrog__"),
                         ("energy", "energy__")]:
        assert np.array_equal(stats[ours].values, cli[theirs]), ours
    assert np.array_equal(stats["diverging"].values, cli["divergent__"] == 1)
    if use_inits:
        assert 0.01 < alpha.mean() < 0.1, "from a sensible init the decay rate stays near the truth (0.04)"


def test_random_numbers_are_the_command_lines(strata_bin, tmp_path):
    """Transformed data drawn from the run's seed and generated quantities drawn per draw match the CLI's."""
    program = PROGRAMS / "rng.stan"
    out = tmp_path / "cli"
    done = subprocess.run([str(strata_bin), "sample", str(program), "--chains", "2", "--seed", "31", "--warmup", "200",
                           "--samples", "50", "--output", str(out), "--quiet"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    tables = [read_csv(out / f"rng_{c}.csv") for c in (1, 2)]
    names = tables[0][0]
    cli = np.array([rows for _, rows, _ in tables])
    idata = strata.Model(program).sample(chains=2, seed=31, warmup=200, samples=50)
    for k, name in enumerate(names[7:], start=7):
        base, *index = name.split(".")
        ours = idata.posterior[base].values[(slice(None), slice(None), *(int(i) - 1 for i in index))]
        assert np.array_equal(ours, cli[:, :, k]), name
    assert idata.posterior["y_rep"].shape == (2, 50, 2, 3)
    assert np.unique(idata.posterior["y_rep"].values).size == 2 * 50 * 6, "fresh draws in every cell"


def eight_schools_log_density(x, jacobian):
    """Independent non-centred eight schools density on (mu, log tau, theta_tilde), up to a constant."""
    mu, tau, z = x[0], math.exp(x[1]), np.asarray(x[2:])
    lp = -0.5 * (mu / 5) ** 2 - math.log1p((tau / 5) ** 2) - 0.5 * np.sum(z ** 2)
    lp += -0.5 * np.sum(((np.array(EIGHT_Y) - (mu + tau * z)) / np.array(EIGHT_SIGMA)) ** 2)
    return lp + (x[1] if jacobian else 0)


@pytest.fixture(scope="module")
def eight_schools(shared):
    return strata.Model(shared / "models" / "eight_schools_noncentered.stan",
                        data={"J": 8, "y": np.array(EIGHT_Y), "sigma": np.array(EIGHT_SIGMA, dtype=float)})


def test_log_density_and_gradient_match_an_independent_formula(eight_schools):
    a = np.array([1.5, 0.7, -0.3, 0.2, 1.1, -0.8, 0.05, 0.4, -1.2, 0.9])
    b = np.array([-2.0, 1.9, 0.6, -0.4, 0.3, 0.0, -1.5, 0.8, 0.2, -0.1])
    assert eight_schools.param_unc_num() == 10
    for jacobian in (True, False):
        diff = eight_schools.log_density(a, jacobian=jacobian) - eight_schools.log_density(b, jacobian=jacobian)
        expected = eight_schools_log_density(a, jacobian) - eight_schools_log_density(b, jacobian)
        assert diff == pytest.approx(expected, rel=1e-10, abs=1e-10)
        lp, grad = eight_schools.log_density_gradient(a, jacobian=jacobian)
        assert lp == eight_schools.log_density(a, jacobian=jacobian)
        for i in range(10):
            h = 1e-6
            up, down = a.copy(), a.copy()
            up[i] += h
            down[i] -= h
            fd = (eight_schools_log_density(up, jacobian) - eight_schools_log_density(down, jacobian)) / (2 * h)
            assert grad[i] == pytest.approx(fd, rel=1e-6, abs=1e-6), i


def test_data_dict_and_file_give_the_same_model(shared, eight_schools):
    from_file = strata.Model(shared / "models" / "eight_schools_noncentered.stan",
                             data=shared / "data" / "eight_schools.json")
    x = np.linspace(-1, 1, 10)
    assert from_file.log_density(x) == eight_schools.log_density(x)


def test_names_constrain_and_unconstrain_round_trip():
    model = strata.Model(PROGRAMS / "shapes.stan")
    names = model.param_names()
    assert names[:4] == ["mu", "m.1.1", "m.2.1", "m.1.2"]
    assert model.param_num() == 1 + 6 + 6 + 6 and len(names) == model.param_num()
    assert model.param_names(include_tp=True)[-6:] == ["v.1.1", "v.2.1", "v.1.2", "v.2.2", "v.1.3", "v.2.3"]
    assert model.param_names(include_tp=True, include_gq=True)[-3:] == ["counts.1", "counts.2", "counts.3"]
    x = np.sin(np.arange(model.param_unc_num()) + 0.5)
    theta = model.constrain(x)
    np.testing.assert_allclose(model.unconstrain(theta), x, rtol=0, atol=1e-12)
    everything = model.constrain(x, include_tp=True, include_gq=True)
    assert everything.size == model.param_num(True, True)
    # A dict of values in their declared shapes lands on the same point.
    m = np.array([[theta[1], theta[3], theta[5]], [theta[2], theta[4], theta[6]]])
    by_name = {"mu": theta[0], "m": m, "theta": theta[7:13].reshape(3, 2).T, "a": theta[13:19].reshape(3, 2).T}
    np.testing.assert_allclose(model.unconstrain(by_name), x, rtol=0, atol=1e-12)


def test_errors_raise_with_strata_located_messages(eight_schools):
    with pytest.raises(strata.StrataError) as error:
        strata.Model(code="parameters {\n  real x\n}\nmodel { }\n", name="broken")
    assert "broken.stan:2:" in str(error.value) and error.value.kind == "model load"
    with pytest.raises(strata.StrataError, match="'sigma'"):
        strata.Model(code="data { real sigma; } parameters { real x; } model { x ~ normal(0, sigma); }",
                     data={"s": 1.0})
    with pytest.raises(ValueError, match="needs 10"):
        eight_schools.log_density(np.zeros(3))
    with pytest.raises(strata.StrataError, match="tau"):
        eight_schools.unconstrain(np.r_[0.0, -1.0, np.zeros(8)])
    with pytest.raises(strata.StrataError, match="chains"):
        eight_schools.sample(chains=0)
    with pytest.raises(TypeError, match="bogus"):
        eight_schools.sample(bogus=1)


def test_sample_returns_inference_data_with_diagnostics(eight_schools):
    idata = eight_schools.sample(chains=2, seed=3, iter_warmup=200, iter_sampling=100, metric="dense")
    assert set(idata.groups()) >= {"posterior", "sample_stats", "observed_data", "constant_data"}
    assert idata.posterior["theta"].shape == (2, 100, 8) and idata.posterior["tau"].shape == (2, 100)
    for name in ("diverging", "energy", "tree_depth", "step_size", "n_leapfrog", "lp", "acceptance_rate"):
        assert idata.sample_stats[name].shape == (2, 100), name
    assert idata.sample_stats["diverging"].dtype == bool
    assert list(idata.observed_data) == ["y"] and set(idata.constant_data) == {"J", "sigma"}
    assert idata.attrs["metric"] == "dense_e"
    assert np.all(np.isfinite(az.bfmi(idata))) and len(az.summary(idata)) == 2 + 8 + 8


def test_optimize_finds_a_known_mode():
    y = np.array([1.0, 2.5, 3.0, 4.5])
    model = strata.Model(code="data { int N; vector[N] y; } parameters { real mu; real<lower=0> sigma; }"
                              " model { y ~ normal(mu, sigma); }", data={"N": 4, "y": y})
    mode = model.optimize(seed=1)
    assert mode["mu"] == pytest.approx(y.mean(), rel=1e-5)
    assert mode["sigma"] == pytest.approx(y.std(), rel=1e-4)   # the maximum-likelihood sd (divides by N)


def test_posterior_matches_the_posteriordb_reference(shared):
    folder = shared / "posteriordb" / "eight_schools-eight_schools_noncentered"
    model = strata.Model(folder / "model.stan", data=folder / "data.json")
    idata = model.sample(chains=4, seed=7)
    reference = json.loads((folder / "reference_draws.json").read_text())
    ours = az.summary(idata, var_names=["mu", "tau", "theta"])
    for column, label in [("mu", "mu"), ("tau", "tau")] + [(f"theta[{j}]", f"theta[{j + 1}]") for j in range(8)]:
        draws = np.array([chain[label] for chain in reference])          # (chains, draws)
        ref = az.summary(az.convert_to_inference_data({"x": draws}))
        mcse = math.hypot(ours.loc[column, "mcse_mean"], ref.loc["x", "mcse_mean"])
        assert abs(ours.loc[column, "mean"] - ref.loc["x", "mean"]) < 4 * mcse, column
        assert ours.loc[column, "sd"] == pytest.approx(ref.loc["x", "sd"], rel=0.15), column
        assert ours.loc[column, "r_hat"] < 1.01, column
