"""strata.Model: a Stan program with its data on Strata's engine (log density, transforms, NUTS, L-BFGS)."""
import ctypes
import os
import pathlib
import re

import numpy as np

from . import _lib
from ._lib import check, lib, pointer
from .data import data_json, data_values
from .draws import split_variables
from .inference import inference_data

METRICS = {"unit": 0, "unit_e": 0, "diag": 1, "diag_e": 1, "diagonal": 1, "dense": 2, "dense_e": 2,
           "lowrank": 3, "lowrank_e": 3}
# strata_sample_config.adapt for `adaptation=` (1 is the default: Stan's, or Fisher for the low-rank metric).
ADAPTATIONS = {"stan": 2, "fisher": 3}
# cmdstanpy's names for the same settings.
ALIASES = {"iter_warmup": "warmup", "iter_sampling": "samples", "max_treedepth": "max_depth",
           "num_warmup": "warmup", "num_samples": "samples", "parallel_chains": "threads"}


def _looks_like_path(text: str) -> bool:
    return "\n" not in text and "{" not in text and (text.endswith(".stan") or os.path.exists(text))


def _vector(values, length, what):
    array = np.ascontiguousarray(values, dtype=np.float64).reshape(-1)
    if array.size != length:
        raise ValueError(f"strata: {what} has {array.size} values; the model needs {length}")
    return array


class Model:
    """A Stan program compiled by Strata with its data.

    `Model("decay_seed.stan", data="decay_days.json")`, or `Model(code=..., data={...})` (a string that is
    not a path is taken as code). Errors in the program or data raise StrataError with Strata's message
    (file:line:column and a caret, or the data variable). By default sampling integrates out what
    `strata sample` integrates out (`marginalise=False` samples everything), so a seed gives the command
    line's draws; the log density, transforms and `optimize` use the full joint density.
    """

    def __init__(self, stan_file=None, data=None, *, code=None, name=None, generated_quantities=True,
                 marginalise=True):
        if (stan_file is None) == (code is None):
            raise ValueError("strata: give a Stan file or code (exactly one)")
        if stan_file is not None and isinstance(stan_file, (str, os.PathLike)) and \
                _looks_like_path(os.fspath(stan_file)):
            path = pathlib.Path(stan_file)
            if not path.is_file():
                raise FileNotFoundError(f"strata: Stan program {path} not found")
            code, name = path.read_text(), name or path.name
        elif stan_file is not None:
            code = str(stan_file)
        name = name or "model.stan"
        if not name.endswith(".stan"):
            name += ".stan"
        data_name, json_text = data_json(data)
        flags = (0 if generated_quantities else _lib.LOAD_NO_GENERATED_QUANTITIES) | \
                (0 if marginalise else _lib.LOAD_NO_MARGINALISE)
        handle = ctypes.c_void_p()
        check(lib.strata_model_load_string(name.encode(), code.encode(), (data_name or "").encode() or None,
                                           json_text.encode() if json_text is not None else None, flags,
                                           ctypes.byref(handle)))
        self._handle = handle
        self.name = name[:-5]
        self.code = code
        self.data = data_values(data)
        n, m = ctypes.c_int64(), ctypes.c_int64()
        check(lib.strata_model_dimension(handle, ctypes.byref(n)))
        check(lib.strata_model_output_count(handle, ctypes.byref(m)))
        self._dimension, self._outputs = n.value, m.value
        counts = [ctypes.c_int64() for _ in range(3)]
        check(lib.strata_model_output_counts(handle, *[ctypes.byref(c) for c in counts]))
        self._block_counts = [c.value for c in counts]
        self._names = []
        for j in range(self._outputs):
            text = ctypes.c_char_p()
            check(lib.strata_model_output_name(handle, j, ctypes.byref(text)))
            self._names.append(text.value.decode())

    def __del__(self):
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            lib.strata_model_free(handle)
            self._handle = None

    def __repr__(self):
        return f"strata.Model({self.name!r}, {self._dimension} unconstrained parameters)"

    # Sizes and names --------------------------------------------------------------------------------

    def param_unc_num(self) -> int:
        """Number of unconstrained parameters (the length of `log_density`'s argument)."""
        return self._dimension

    def param_num(self, include_tp=False, include_gq=False) -> int:
        """Number of constrained values: parameters, optionally transformed parameters and generated quantities."""
        p, t, g = self._block_counts
        return p + (t if include_tp else 0) + (g if include_gq else 0)

    def param_names(self, include_tp=False, include_gq=False):
        """Constrained names in CmdStan's order and style (`theta.1`, `m.2.1`: column-major)."""
        p, t, g = self._block_counts
        names = self._names[:p]
        if include_tp:
            names += self._names[p:p + t]
        if include_gq:
            names += self._names[p + t:]
        return names

    # Log density and transforms -----------------------------------------------------------------------

    def log_density(self, theta_unc, jacobian=True) -> float:
        """Log density (up to a constant) at an unconstrained point; `jacobian` adds the transforms' log-Jacobian."""
        x = _vector(theta_unc, self._dimension, "theta_unc")
        lp = ctypes.c_double()
        check(lib.strata_log_density_gradient(self._handle, pointer(x), x.size, int(bool(jacobian)),
                                              ctypes.byref(lp), None))
        return lp.value

    def log_density_gradient(self, theta_unc, jacobian=True):
        """(log density, gradient as a numpy array) at an unconstrained point."""
        x = _vector(theta_unc, self._dimension, "theta_unc")
        lp, grad = ctypes.c_double(), np.empty(self._dimension)
        check(lib.strata_log_density_gradient(self._handle, pointer(x), x.size, int(bool(jacobian)),
                                              ctypes.byref(lp), pointer(grad)))
        return lp.value, grad

    def constrain(self, theta_unc, include_tp=False, include_gq=False):
        """Constrained values (in `param_names` order) of an unconstrained point."""
        x = _vector(theta_unc, self._dimension, "theta_unc")
        out = np.empty(self._outputs)
        check(lib.strata_constrain(self._handle, pointer(x), x.size, pointer(out), out.size))
        return out[:self.param_num(include_tp, include_gq)]

    def unconstrain(self, theta):
        """The unconstrained point of constrained parameter values: an array in `param_names()` order, or a
        dict {parameter: value of its declared shape}."""
        if isinstance(theta, dict):
            theta = self._flatten(theta)
        values = _vector(theta, self._block_counts[0], "theta")
        x = np.empty(self._dimension)
        check(lib.strata_unconstrain(self._handle, pointer(values), values.size, pointer(x), x.size))
        return x

    def _inits(self, inits):
        """Initial values as the flat parameter array the C API takes (None: random)."""
        if inits is None:
            return None
        if isinstance(inits, (str, os.PathLike)):
            inits = data_values(inits)
        if isinstance(inits, dict):
            return self._flatten(inits, partial=True)
        return _vector(inits, self._block_counts[0], "inits")

    def _flatten(self, values, partial=False):
        """Parameter values by name flattened in CmdStan's column order (`partial`: missing ones are NaN,
        for parameters the sampler integrates out)."""
        names = self.param_names()
        flat = np.full(len(names), np.nan)
        shapes = split_variables(np.arange(len(names), dtype=float), names)
        for variable, positions in shapes.items():
            if variable not in values:
                if partial:
                    continue
                raise KeyError(f"strata: no value for parameter '{variable}'")
            given = np.asarray(values[variable], dtype=float)
            if given.shape != positions.shape:
                raise ValueError(f"strata: parameter '{variable}' has shape {positions.shape}, got {given.shape}")
            flat[positions.astype(int).reshape(-1)] = given.reshape(-1)
        return flat

    # NUTS and L-BFGS ----------------------------------------------------------------------------------

    def sample(self, chains=4, seed=1234, **options):
        """Runs NUTS (Stan's defaults: 1000 warmup and 1000 kept iterations per chain, diagonal metric) and
        returns an `arviz.InferenceData` with posterior, sample_stats, and observed and constant data.

        Options: warmup, samples, thin, max_depth, metric ('diag', 'dense', 'lowrank', 'unit'), adaptation
        ('stan' or 'fisher'; the default is the command line's), adapt_delta, adapt (False: no adaptation),
        threads (0: one per core; draws do not depend on it), inits (constrained parameter values: a dict, a
        CmdStan JSON file like `strata sample --init`, or an array in `param_names()` order; default: uniform
        on (-2, 2) unconstrained), output_dir (also write CmdStan CSVs there).
        cmdstanpy's names iter_warmup, iter_sampling, max_treedepth and parallel_chains are accepted too.
        """
        config = _lib.SampleConfig()
        lib.strata_sample_config_default(ctypes.byref(config))
        config.chains, config.seed = int(chains), int(seed)
        output_dir = options.pop("output_dir", None)
        inits = self._inits(options.pop("inits", None))
        for key, value in options.items():
            field = ALIASES.get(key, key)
            if field == "metric":
                if value not in METRICS:
                    raise ValueError(f"strata: metric must be one of diag, dense, lowrank, unit (got {value!r})")
                config.metric = METRICS[value]
            elif field == "adaptation":
                if value not in ADAPTATIONS:
                    raise ValueError(f"strata: adaptation must be 'stan' or 'fisher' (got {value!r})")
                config.adapt = ADAPTATIONS[value]
            elif field == "adapt":
                config.adapt = 1 if value is True else int(value)
            elif field == "adapt_delta":
                config.adapt_delta = float(value)
            elif field in ("warmup", "samples", "thin", "max_depth", "threads"):
                setattr(config, field, int(value))
            else:
                raise TypeError(f"strata: unknown sampling option {key!r}")
        kept = -(-max(config.samples, 0) // max(config.thin, 1))
        draws = np.empty((config.chains, kept, self._outputs)) if config.chains > 0 else np.empty(0)
        stats = np.empty((config.chains, kept, _lib.SAMPLER_STAT_COUNT)) if config.chains > 0 else np.empty(0)
        check(lib.strata_sample_with_stats(self._handle, ctypes.byref(config),
                                           pointer(inits) if inits is not None else None,
                                           inits.size if inits is not None else 0,
                                           os.fsencode(output_dir) if output_dir is not None else None,
                                           pointer(draws), draws.size, pointer(stats), stats.size))
        return inference_data(self, draws, stats, config)

    def optimize(self, jacobian=False, seed=1234):
        """The posterior mode by L-BFGS from a random start: {"lp__": log density, variable: value, ...}
        (`jacobian=True`: the mode of the density on the unconstrained scale, a MAP estimate)."""
        out, lp = np.empty(self._outputs), ctypes.c_double()
        check(lib.strata_optimize(self._handle, int(bool(jacobian)), int(seed), pointer(out), out.size,
                                  ctypes.byref(lp)))
        return {"lp__": lp.value, **split_variables(out, self._names)}

    def observed_data_names(self):
        """Data variables on the left of `~` or of `| ` in an `_lpdf`/`_lpmf` call (what ArviZ calls observed)."""
        model_block = re.search(r"\bmodel\s*\{(.*)", self.code, re.S)
        text = re.sub(r"//[^\n]*|/\*.*?\*/", "", model_block.group(1) if model_block else "", flags=re.S)
        found = set(re.findall(r"\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*~", text))
        found |= set(re.findall(r"_lp[dm]f\s*\(\s*([A-Za-z_]\w*)", text))
        return [name for name in self.data if name in found]
