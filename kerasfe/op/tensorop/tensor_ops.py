"""Small tensor ops on batch keys: Average, Argmax, Reshape, Permute, Gather."""
import keras

from kerasfe.errors import ConfigError
from kerasfe.op.op import to_list
from kerasfe.op.tensorop.config import serializable
from kerasfe.op.tensorop.tensorop import TensorOp


@serializable
class Average(TensorOp):
    """The element-wise mean of the `inputs` keys (e.g. a clean and an adversarial loss).

    Example:
        >>> import keras
        >>> op = Average(inputs=("a", "b"), outputs="mean")
        >>> float(op.forward([keras.ops.ones(()), keras.ops.zeros(())], {"mode": "train"}))
        0.5
    """

    def forward(self, data, state):
        values = data if self.in_list else [data]
        return keras.ops.mean(keras.ops.stack(values), axis=0)


@serializable
class Argmax(TensorOp):
    """The index of the largest value along `axis` (e.g. class predictions from scores).

    Example:
        >>> import keras
        >>> op = Argmax(inputs="y_pred", outputs="y_class")
        >>> keras.ops.convert_to_numpy(op.forward(keras.ops.flip(keras.ops.eye(3), axis=0), {"mode": "infer"})).tolist()
        [2, 1, 0]
    """

    def __init__(self, inputs, outputs, axis=-1, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.axis = axis

    def forward(self, data, state):
        return keras.ops.argmax(data, axis=self.axis)


@serializable
class Reshape(TensorOp):
    """Reshapes each sample to `shape` (the batch axis is kept; one entry may be -1).

    Example:
        >>> import keras
        >>> tuple(Reshape(inputs="x", outputs="x", shape=(-1,)).forward(keras.ops.ones((2, 3, 4)), {}).shape)
        (2, 12)
    """

    def __init__(self, inputs, outputs, shape, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.shape = tuple(shape)

    def forward(self, data, state):
        return keras.ops.reshape(data, (keras.ops.shape(data)[0],) + self.shape)


@serializable
class Permute(TensorOp):
    """Permutes the axes of each sample: `permutation` numbers the non-batch axes from 1, as
    `keras.layers.Permute` does.

    Example:
        >>> import keras
        >>> tuple(Permute(inputs="x", outputs="x", permutation=(3, 1, 2)).forward(keras.ops.ones((2, 5, 6, 3)),
        ...                                                                      {}).shape)
        (2, 3, 5, 6)
    """

    def __init__(self, inputs, outputs, permutation, mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if sorted(permutation) != list(range(1, len(permutation) + 1)):
            raise ConfigError(f"{self.describe()}: permutation must order the axes 1..{len(permutation)}; "
                              f"got {permutation}")
        self.permutation = tuple(permutation)

    def forward(self, data, state):
        return keras.ops.transpose(data, (0,) + self.permutation)


@serializable
class Gather(TensorOp):
    """Per sample, picks `data[i, indices[i]]` along `axis` (e.g. the score of each sample's label).

    Args:
        inputs: with `indices`: the data key(s); without: (data key, indices key), or one data key whose
            per-sample maximum along `axis` is taken (FastEstimator's Gather without indices).
        outputs: the gathered values, shape (batch,) or (batch, k); one key per data key.
        indices: the key(s) of the indices, shape (batch,) or (batch, k): one for every data key, or one for all.

    Example:
        >>> import keras, numpy as np
        >>> op = Gather(inputs=("scores", "y"), outputs="picked")
        >>> scores = keras.ops.convert_to_tensor(np.array([[0.1, 0.9], [0.7, 0.3]], "float32"))
        >>> [round(v, 2) for v in keras.ops.convert_to_numpy(op.forward([scores, np.array([1, 0])], {})).tolist()]
        [0.9, 0.7]
    """

    def __init__(self, inputs, outputs, indices=None, axis=1, mode=None, ds_id=None):
        index_keys = to_list(indices)
        super().__init__(inputs=to_list(inputs) + index_keys, outputs=outputs, mode=mode, ds_id=ds_id)
        data_keys = self.inputs[:len(self.inputs) - len(index_keys)]
        if not index_keys and len(self.inputs) == 2:
            data_keys, index_keys = self.inputs[:1], self.inputs[1:]
        if len(index_keys) not in (0, 1, len(data_keys)) or len(self.outputs) != len(data_keys):
            raise ConfigError(f"{self.describe()} takes inputs=(data_key, indices_key), or data keys with as many "
                              f"outputs and one indices key (or one per data key); got inputs {to_list(inputs)}, "
                              f"indices {index_keys}, outputs {self.outputs}")
        self.axis, self.data_count = axis, len(data_keys)

    def forward(self, data, state):
        values, indices = data[:self.data_count], data[self.data_count:]
        if not indices:
            picked = [keras.ops.max(value, axis=self.axis) for value in values]
        else:
            picked = [self._pick(value, indices[index if len(indices) > 1 else 0]) for index, value in enumerate(values)]
        return picked if self.out_list else picked[0]

    def _pick(self, values, indices):
        indices = keras.ops.cast(keras.ops.convert_to_tensor(indices), "int32")
        single = len(indices.shape) == 1
        if single:
            indices = keras.ops.expand_dims(indices, 1)
        picked = keras.ops.take_along_axis(values, indices, axis=self.axis)
        return keras.ops.squeeze(picked, self.axis) if single else picked
