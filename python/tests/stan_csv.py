# A small independent reader of Stan CSV files and CmdStan's column order, for checking other readers.
import itertools
import math
import pathlib

SAMPLER_COLUMNS = ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"]


def read_csv(path: pathlib.Path):
    """(column names, rows as lists of floats, comment lines) of one Stan CSV file."""
    names, rows, comments = None, [], []
    for line in pathlib.Path(path).read_text().splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif names is None:
            names = line.split(",")
        elif line:
            rows.append([float(v) for v in line.split(",")])
    return names, rows, comments


def variables(columns):
    """Variables named by CSV columns, in order: {name: dims} (dims = largest index per position)."""
    found = {}
    for column in columns:
        base, *index = column.split(".")
        dims = found.setdefault(base, [0] * len(index))
        assert len(dims) == len(index), f"{column}: {base} has columns with different numbers of indices"
        for d, i in enumerate(index):
            dims[d] = max(dims[d], int(i))
    return {name: tuple(dims) for name, dims in found.items()}


def column_major_names(name, dims):
    """CmdStan's column names of a variable: the first index varies fastest."""
    if not dims:
        return [name]
    ranges = [range(1, n + 1) for n in reversed(dims)]
    return [name + "." + ".".join(str(i) for i in reversed(index)) for index in itertools.product(*ranges)]


def kept_draws(samples: int, thin: int) -> int:
    return math.ceil(samples / thin)
