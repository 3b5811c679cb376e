"""A sampling run's draws and sampler statistics as an arviz.InferenceData (ArviZ's names and dims)."""
import arviz as az
import numpy as np

from .draws import split_variables
from ._lib import lib


def inference_data(model, draws, stats, config):
    """InferenceData with posterior (chain, draw, *shape), sample_stats, observed_data and constant_data."""
    posterior = split_variables(draws, model._names)
    # ArviZ's names for CmdStan's columns, plus n_leapfrog (CmdStan's name for n_steps).
    sample_stats = {
        "lp": stats[..., 0], "acceptance_rate": stats[..., 1], "step_size": stats[..., 2],
        "tree_depth": stats[..., 3].astype(np.int64), "n_steps": stats[..., 4].astype(np.int64),
        "n_leapfrog": stats[..., 4].astype(np.int64), "diverging": stats[..., 5] != 0, "energy": stats[..., 6],
    }
    observed = set(model.observed_data_names())
    attrs = {"inference_library": "strata", "inference_library_version": lib.strata_version().decode(),
             "model_name": model.name, "num_chains": config.chains, "num_samples": config.samples,
             "num_warmup": config.warmup, "thin": config.thin, "seed": config.seed,
             "metric": ["unit_e", "diag_e", "dense_e", "lowrank_e"][config.metric], "max_depth": config.max_depth,
             "adapt_delta": config.adapt_delta}
    groups = {"posterior": posterior, "sample_stats": sample_stats}
    observed_data = {k: v for k, v in model.data.items() if k in observed}
    constant_data = {k: v for k, v in model.data.items() if k not in observed}
    if observed_data:
        groups["observed_data"] = observed_data
    if constant_data:
        groups["constant_data"] = constant_data
    return az.from_dict(**groups, attrs=attrs)
