"""Stacking samples into a batch, padding arrays whose shapes differ when a pad value is given."""
import numpy as np

from kerasfe.errors import DataError


def collate(samples, ids, pad_value=None, where="the data"):
    """Stacks a list of sample dicts into one dict of arrays (leading axis: samples).

    Arrays of one key whose shapes differ are padded at the end of each axis with `pad_value`; without
    one that is a DataError naming the key and the samples (by `ids`, their indices in the data set).

    Example:
        >>> import numpy as np
        >>> batch = collate([{"x": np.array([1, 2])}, {"x": np.array([3])}], ids=[0, 1], pad_value=-1)
        >>> batch["x"].tolist()
        [[1, 2], [3, -1]]
    """
    keys = list(samples[0])
    for sample, index in zip(samples, ids):
        if set(sample) != set(keys):
            raise DataError(f"Pipeline: sample {index} of {where} has keys {sorted(sample)} but sample {ids[0]} has "
                            f"{sorted(keys)}; every sample of a batch needs the same keys")
    return {key: _stack(key, [np.asarray(sample[key]) for sample in samples], ids, pad_value, where) for key in keys}


def stackable(samples):
    """Whether the samples have the same keys, and arrays of one shape per key (so `np.stack` needs no padding).

    Example:
        >>> import numpy as np
        >>> stackable([{"x": np.zeros(2)}, {"x": np.ones(2)}]), stackable([{"x": np.zeros(2)}, {"x": np.ones(3)}])
        (True, False)
    """
    first = samples[0]
    return all(sample.keys() == first.keys() and all(np.shape(sample[key]) == np.shape(first[key]) for key in first)
               for sample in samples[1:])


def _stack(key, values, ids, pad_value, where):
    shapes = [value.shape for value in values]
    if all(shape == shapes[0] for shape in shapes):
        return np.stack(values)
    odd = next(i for i, shape in enumerate(shapes) if shape != shapes[0])
    if pad_value is None or any(len(shape) != len(shapes[0]) for shape in shapes):
        hint = "their ranks differ" if pad_value is not None else "give the Pipeline (or a Batch op) a pad_value"
        raise DataError(f"Pipeline: key '{key}' has shape {shapes[0]} in sample {ids[0]} but {shapes[odd]} in sample "
                        f"{ids[odd]} of {where}, so the batch cannot be stacked; {hint}")
    target = tuple(max(sizes) for sizes in zip(*shapes))
    batch = np.full((len(values),) + target, pad_value, dtype=np.result_type(*values))
    for row, value in zip(batch, values):
        row[tuple(slice(0, size) for size in value.shape)] = value
    return batch
