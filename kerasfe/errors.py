"""Errors a user can cause. Each one names the op or trace, the key, the mode and what was available.

Example:
    >>> from kerasfe.errors import MissingKeyError
    >>> str(MissingKeyError(owner="ModelOp(lenet)", key="x", mode="train", available=["image", "y"]))
    "ModelOp(lenet) needs key 'x' in mode 'train', but the batch only has ['image', 'y']"
"""


class KerasfeError(Exception):
    """Base class of every error kerasfe raises for a mistake in user code."""


class MissingKeyError(KerasfeError, KeyError):
    """An op or trace asked for a batch key that no data source or earlier op provides.

    Example:
        >>> raise MissingKeyError(owner="CrossEntropy", key="y", mode="eval", available=["x"])
        Traceback (most recent call last):
        ...
        kerasfe.errors.MissingKeyError: CrossEntropy needs key 'y' in mode 'eval', but the batch only has ['x']
    """

    def __init__(self, owner, key, mode, available):
        self.owner, self.key, self.mode, self.available = owner, key, mode, sorted(available)
        super().__init__(f"{owner} needs key '{key}' in mode '{mode}', but the batch only has {self.available}")

    def __str__(self):  # KeyError would otherwise quote the whole message
        return self.args[0]


class ConfigError(KerasfeError, ValueError):
    """An op, trace or network was configured in a way that cannot run (bad mode, missing loss, ...).

    Example:
        >>> raise ConfigError("UpdateOp(lenet) updates on 'ce', but no op writes 'ce' in mode 'train'")
        Traceback (most recent call last):
        ...
        kerasfe.errors.ConfigError: UpdateOp(lenet) updates on 'ce', but no op writes 'ce' in mode 'train'
    """


class PeerLostError(KerasfeError, RuntimeError):
    """A collective of the training processes failed: another process died, or did not answer within the
    timeout of `fe.distribute.data_parallel`. The message names this process and the collective.

    Example:
        >>> raise PeerLostError("process 1 of 2: the train step's all-reduce failed")
        Traceback (most recent call last):
        ...
        kerasfe.errors.PeerLostError: process 1 of 2: the train step's all-reduce failed
    """


class WrongTypeError(KerasfeError, TypeError):
    """An argument has a type kerasfe cannot use (a NumpyOp given to the Network, ...).

    Example:
        >>> raise WrongTypeError("Network ops must be TensorOps; got Minmax, which belongs in the Pipeline")
        Traceback (most recent call last):
        ...
        kerasfe.errors.WrongTypeError: Network ops must be TensorOps; got Minmax, which belongs in the Pipeline
    """


class DataError(KerasfeError, ValueError):
    """A sample cannot be read or turned into a batch: a missing file, a ragged batch without `pad_value`, ...

    The message names the op or key at fault and the index of the sample in its data set.

    Example:
        >>> raise DataError("ReadImage cannot read 'cat.png' (sample 3 of the train data): no such file")
        Traceback (most recent call last):
        ...
        kerasfe.errors.DataError: ReadImage cannot read 'cat.png' (sample 3 of the train data): no such file
    """
