"""What `keras.Model.fit` accepts, as the batch dicts a Network runs on: positional x / y / sample_weight under
batch keys, generators and torch DataLoaders of dicts, and `class_weight` as per-sample weights."""
import types

import keras
import numpy as np

from kerasfe.backend.keras_internals import torch_dict_loader
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.tensorop import LossOp
from kerasfe.op.tensorop.loss.loss_op import SAMPLE_WEIGHT

ROLES = ("x", "y", "sample_weight")


class PositionalKeys:
    """The batch keys a positional `x` and `y` (arrays or tensors, not dicts) fill.

    `y` fills the target key of the loss ops (their second input) when no op writes it and there is one
    such key; `x` the one key the ops read that no op writes and that is no loss target. Give `x_key` /
    `y_key` when that is ambiguous.

    Args:
        ops: every op of the Network (scheduled ones included, meta ops' inner ops included).
        owner: the name in error messages.
        x_key, y_key: the keys, or None to infer them when first needed.

    Example:
        >>> from kerasfe.op.tensorop import CrossEntropy, ModelOp
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        >>> keys = PositionalKeys([ModelOp(model, "image", "p"), CrossEntropy(inputs=("p", "label"), outputs="ce")],
        ...                       owner="network")
        >>> keys.key("x"), keys.key("y"), keys.key("sample_weight")
        ('image', 'label', 'sample_weight')
    """

    def __init__(self, ops, owner, x_key=None, y_key=None):
        written = {key for op in ops for key in op.outputs}
        self.owner = owner
        self.free = sorted({key for op in ops for key in op.inputs} - written - {SAMPLE_WEIGHT})
        self.targets = sorted({op.inputs[1] for op in ops if isinstance(op, LossOp)} - written)
        for role, key in (("x_key", x_key), ("y_key", y_key)):
            if key is not None and key not in self.free:
                raise ConfigError(f"{owner}: {role} '{key}' is not a key any op reads (and no op writes); the ops "
                                  f"read {self.free}")
        self.x_key, self.y_key = x_key, y_key

    def key(self, role):
        """The batch key of a positional value in `role` ("x", "y" or "sample_weight")."""
        if role == "sample_weight":
            return SAMPLE_WEIGHT
        if role == "y":
            if self.y_key is None:
                self.y_key = self._only(self.targets, "y", f"the loss ops read {self.targets} as targets")
            return self.y_key
        if self.x_key is None:
            rest = [key for key in self.free if key not in self.targets and key != self.y_key]
            self.x_key = self._only(rest, "x", f"the ops read {rest} besides the loss targets, and no op writes them")
        return self.x_key

    def _only(self, keys, role, found):
        if len(keys) != 1:
            raise ConfigError(f"{self.owner}: cannot tell which batch key a positional {role} fills: {found}; give "
                              f"Network(..., {role}_key=...)")
        return keys[0]


def batch_dict(data, keys):
    """The batch dict of one element of the data: a dict, or Keras's `(x,)`, `(x, y)` or `(x, y, sample_weight)`,
    whose dict parts are merged and whose other parts go under `keys.key(role)`.

    Example:
        >>> import numpy as np
        >>> from kerasfe.op.tensorop import MeanSquaredError, ModelOp
        >>> import keras
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
        >>> keys = PositionalKeys([ModelOp(model, "x", "p"), MeanSquaredError(inputs=("p", "y"), outputs="mse")],
        ...                       owner="network")
        >>> sorted(batch_dict(({"x": np.zeros((2, 2))}, np.zeros(2), np.ones(2)), keys))
        ['sample_weight', 'x', 'y']
        >>> sorted(batch_dict(np.zeros((2, 2)), keys))  # an array alone is x
        ['x']
    """
    if isinstance(data, dict):
        return dict(data)
    if hasattr(data, "shape") and hasattr(data, "dtype"):  # Keras's x alone (`predict(array)` batches are arrays)
        data = (data,)
    if not isinstance(data, (list, tuple)) or not 1 <= len(data) <= 3:
        raise WrongTypeError(f"{keys.owner}: batches must be dicts of key -> tensor, or tuples (x,), (x, y) or "
                             f"(x, y, sample_weight); got {type(data).__name__}"
                             + (f" of {len(data)}" if isinstance(data, (list, tuple)) else ""))
    batch = {}
    for role, part in zip(ROLES, data):
        if part is None:
            continue
        if isinstance(part, dict):
            if role == "sample_weight":
                raise WrongTypeError(f"{keys.owner}: sample_weight must be one array of per-sample weights, not a "
                                     f"dict (keys {sorted(part)}); weigh each loss op's samples with one array")
            batch.update(part)
        else:
            batch[keys.key(role)] = part
    return batch


def keras_data(x):
    """`x` in a form Keras reads on the current backend: a generator of dicts gives `(dict,)` tuples (Keras takes
    tuples from generators); a torch DataLoader of dicts gets an adapter outside PyTorch (whose own adapter
    would turn a dict into a tuple of its keys). Anything else is returned as it is.

    Example:
        >>> next(keras_data({"x": i} for i in range(2)))
        ({'x': 0},)
    """
    if isinstance(x, types.GeneratorType):
        return _as_tuples(x)
    if is_torch_data_loader(x) and keras.backend.backend() != "torch":
        return torch_dict_loader(x)
    return x


def is_torch_data_loader(x):
    """Whether `x` is a `torch.utils.data.DataLoader` (checked without importing torch).

    Example:
        >>> is_torch_data_loader([1, 2])
        False
    """
    return any(cls.__name__ == "DataLoader" and cls.__module__.startswith("torch.utils.data")
               for cls in type(x).__mro__)


def peek(generator):
    """The first element of a generator, and a generator that gives it again followed by the rest.

    Example:
        >>> first, again = peek(i for i in range(3))
        >>> first, list(again)
        (0, [0, 1, 2])
    """
    first = next(generator)
    return first, _chain(first, generator)


def _chain(first, rest):
    yield first
    yield from rest


def _as_tuples(batches):
    for batch in batches:
        yield (batch,) if isinstance(batch, dict) else batch


def check_class_weight(class_weight, owner):
    """Checks a Keras `class_weight` ({class index: weight}) and returns it as a table of weights by class
    (classes it leaves out weigh 1, as in Keras).

    Example:
        >>> check_class_weight({0: 0.5, 2: 3.0}, "network").tolist()
        [0.5, 1.0, 3.0]
    """
    if not isinstance(class_weight, dict) or not class_weight or any(
            not isinstance(label, (int, np.integer)) or isinstance(label, bool) or label < 0 for label in class_weight):
        raise ConfigError(f"{owner}: class_weight must be a dict {{class index (int >= 0): weight}}; got "
                          f"{class_weight!r}")
    table = np.ones(max(class_weight) + 1, "float32")
    for label, weight in class_weight.items():
        table[label] = weight
    return table


def class_sample_weights(labels, table):
    """Per-sample weights from class labels, as Keras turns `class_weight` into `sample_weight`: labels are class
    indices, a trailing axis of 1, or one-hot / probabilities (their argmax); classes beyond the table weigh 1.

    Example:
        >>> import numpy as np
        >>> table = np.array([0.5, 1.0, 3.0], "float32")
        >>> keras.ops.convert_to_numpy(class_sample_weights(np.array([2, 0, 7]), table)).tolist()
        [3.0, 0.5, 1.0]
        >>> keras.ops.convert_to_numpy(class_sample_weights(np.eye(3)[[1, 2]], table)).tolist()
        [1.0, 3.0]
    """
    labels = keras.ops.convert_to_tensor(labels)
    if len(labels.shape) > 1:
        labels = keras.ops.argmax(labels, axis=-1) if labels.shape[-1] != 1 else keras.ops.squeeze(labels, axis=-1)
    labels = keras.ops.cast(keras.ops.round(keras.ops.cast(labels, "float32")), "int32")
    known = keras.ops.logical_and(labels >= 0, labels < len(table))
    weights = keras.ops.take(keras.ops.convert_to_tensor(table), keras.ops.clip(labels, 0, len(table) - 1))
    return keras.ops.where(known, weights, keras.ops.ones_like(weights))
