"""Batch: the point in the op list where samples become a batch."""
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.numpyop.numpyop import NumpyOp


class Batch(NumpyOp):
    """Marks where the Pipeline batches samples; ops after it run once per batch (`forward_batch`).

    Its settings replace the Pipeline's for the modes it runs in.

    Args:
        batch_size: samples per batch (None: the Pipeline's batch_size).
        drop_last: drop the last batch of an epoch when it is smaller than batch_size.
        pad_value: pad arrays whose shapes differ within a batch with this value (None: such a batch is an error).
        collate_fn: a function turning a list of sample dicts into a batch dict (replaces stacking / padding).
        mode, ds_id: as for every Op.

    Example:
        >>> import numpy as np, kerasfe as fe
        >>> from kerasfe.op.numpyop import Minmax
        >>> pipeline = fe.Pipeline(train_data={"x": np.arange(12.0).reshape(6, 2)}, seed=0,
        ...                        ops=[Batch(batch_size=4, drop_last=True), Minmax(inputs="x", outputs="x")])
        >>> [tuple(batch["x"].shape) for batch in pipeline.get_results("train", num_steps=5)]
        [(4, 2)]
    """

    def __init__(self, batch_size=None, drop_last=False, pad_value=None, collate_fn=None, mode=None, ds_id=None):
        super().__init__(mode=mode, ds_id=ds_id)
        if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
            raise ConfigError(f"Batch: batch_size must be a positive int or None; got {batch_size!r}")
        if collate_fn is not None and not callable(collate_fn):
            raise WrongTypeError(f"Batch: collate_fn must be callable; got {type(collate_fn).__name__}")
        self.batch_size, self.drop_last, self.pad_value, self.collate_fn = batch_size, drop_last, pad_value, collate_fn
