"""The finiteness check of batches: a float value holding NaN or infinity stops the run before a model trains on it.

The Estimator asks the Pipeline for checked loaders (`Pipeline.get_loader(..., check_finite=True)`): every batch of
every epoch and mode is checked where the Pipeline makes it (in its worker threads when it has some), so a bad batch
raises a `DataError` naming the key, the mode, the epoch, the batch and the sample before the step that would train
on it. One `np.isfinite` pass over the float arrays of a batch: a small fraction of a step (see
docs/tutorials/advanced/resume.md for the measured cost).
"""
import numpy as np

from kerasfe.errors import DataError


def first_bad_sample(value):
    """The index of the first sample (row) of a float array that holds NaN or infinity, else None.

    Example:
        >>> first_bad_sample(np.array([[0.0, 1.0], [np.inf, 2.0]])), first_bad_sample(np.zeros(3))
        (1, None)
    """
    value = np.asarray(value)
    if value.dtype.kind != "f" or np.isfinite(value).all():  # one pass; the search only on a bad batch
        return None
    bad = ~np.isfinite(value)
    return int(np.argwhere(bad)[0][0]) if value.ndim else 0


def not_finite_error(owner, key, mode, batch_index, sample, kind, epoch=None, ds_id=None):
    """The DataError of a key that holds `kind` ("NaN", "an infinite value", ...) in a batch.

    Example:
        >>> print(not_finite_error("Pipeline", "x", "train", 5, 2, "NaN", epoch=3))
        Pipeline: key 'x' holds NaN in batch 5 of epoch 3 of the train data (mode 'train'), in sample 2 of the batch; \
fix: clean or fill those values (e.g. np.nan_to_num) before training
    """
    where = f"batch {batch_index}" + ("" if epoch is None else f" of epoch {epoch}")
    data = f"the {mode} data" + ("" if ds_id is None else f" '{ds_id}'")
    sample = "" if sample is None else f", in sample {sample} of the batch"
    return DataError(f"{owner}: key '{key}' holds {kind} in {where} of {data} (mode '{mode}'){sample}; fix: clean or "
                     "fill those values (e.g. np.nan_to_num) before training")


def check_finite(batch, owner, mode, batch_index=0, epoch=None, ds_id=None):
    """Raises the `not_finite_error` of the first float value of the batch dict that holds NaN or infinity.

    Example:
        >>> check_finite({"x": np.ones((2, 2)), "y": np.array([0, 1])}, "Pipeline", "eval", batch_index=4)
        >>> check_finite({"x": np.array([1.0, -np.inf])}, "Pipeline", "eval", batch_index=4)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        kerasfe.errors.DataError: Pipeline: key 'x' holds an infinite value in batch 4 of the eval data (mode ...
    """
    for key, value in batch.items():
        sample = first_bad_sample(value) if getattr(value, "dtype", None) is not None else None
        if sample is not None:
            kind = "NaN" if np.isnan(value).any() else "an infinite value"
            raise not_finite_error(owner, key, mode, batch_index, sample, kind, epoch, ds_id)
