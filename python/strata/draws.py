"""Flat CmdStan-ordered output columns (`theta.2.1`) turned into named arrays of the variables' shapes."""
import numpy as np


def variable_layout(names):
    """[(variable, dims, column positions, element indices)] in output order, from CmdStan column names."""
    layout = {}
    for position, column in enumerate(names):
        base, *index = column.split(".")
        entry = layout.setdefault(base, ([], []))
        entry[0].append(position)
        entry[1].append(tuple(int(i) - 1 for i in index))
    out = []
    for base, (positions, indices) in layout.items():
        dims = tuple(int(max(ix[d] for ix in indices)) + 1 for d in range(len(indices[0]))) if indices[0] else ()
        out.append((base, dims, np.array(positions), indices))
    return out


def split_variables(values, names):
    """{variable: array of shape values.shape[:-1] + dims} from `values` whose last axis follows `names`."""
    lead = values.shape[:-1]
    result = {}
    for base, dims, positions, indices in variable_layout(names):
        array = np.empty(lead + dims)
        if dims:
            where = tuple(np.array(axis) for axis in zip(*indices))
            array[(Ellipsis, *where)] = values[..., positions]
        else:
            array[...] = values[..., positions[0]]
        result[base] = array
    return result
