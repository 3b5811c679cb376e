"""Model data as CmdStan JSON text: from a dict of numbers and numpy arrays, or read from a file."""
import json
import math
import os
import pathlib

import numpy as np


def _plain(value, name):
    """numpy values as nested lists of Python numbers (matrices row by row, as CmdStan JSON nests them)."""
    if isinstance(value, np.ndarray):
        return _plain(value.tolist(), name)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v, name) for v in value]
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        return value
    raise TypeError(f"strata: data variable '{name}' has a value of type {type(value).__name__}; "
                    "use numbers, lists or numpy arrays")


def data_json(data):
    """(name for messages, JSON text) of `data`: None, a dict, or a path to a CmdStan JSON file."""
    if data is None:
        return None, None
    if isinstance(data, dict):
        return "<data dict>", json.dumps({str(k): _plain(v, k) for k, v in data.items()})
    if isinstance(data, (str, os.PathLike)):
        path = pathlib.Path(data)
        if not path.is_file():
            raise FileNotFoundError(f"strata: data file {path} not found")
        return path.name, path.read_text()
    raise TypeError(f"strata: data must be a dict or a path to a JSON file, not {type(data).__name__}")


def data_values(data):
    """The data as {name: numpy array} (for InferenceData's observed and constant data groups)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        data = json.loads(pathlib.Path(data).read_text())
    return {str(k): np.asarray(v) for k, v in data.items()}
