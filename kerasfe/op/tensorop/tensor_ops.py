"""Small tensor ops on batch keys: Average, Argmax, Reshape, Permute, Gather, Normalize, Resize3D."""
import keras

from kerasfe.backend.tensor_functions import gather_from_batch, normalize, resize_3d
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
    """Per sample, picks `data[i, indices[i]]` (e.g. the score of each sample's label) with
    `kerasfe.backend.gather_from_batch`; without `indices`, the largest value of each sample (axis 1).

    Args:
        inputs: the key(s) to gather from.
        outputs: the key(s) of the gathered values (one per input).
        indices: the key(s) of the indices, shape (batch,) or (batch, 1): one for every input, or one per input.

    Example:
        >>> import keras, numpy as np
        >>> op = Gather(inputs="scores", outputs="picked", indices="y")
        >>> scores = keras.ops.convert_to_tensor(np.array([[0.1, 0.9], [0.7, 0.3]], "float32"))
        >>> [round(v, 2) for v in keras.ops.convert_to_numpy(op.forward([np.array([1, 0]), scores], {})[0]).tolist()]
        [0.9, 0.7]
    """

    def __init__(self, inputs, outputs, indices=None, mode=None, ds_id=None):
        indices, inputs = to_list(indices), to_list(inputs)
        if len(to_list(outputs)) != len(inputs) or len(indices) not in (0, 1, len(inputs)):
            raise ConfigError(f"Gather: give one output key per input key and no, one, or one per input indices "
                              f"key; got inputs={inputs}, outputs={to_list(outputs)}, indices={indices}")
        super().__init__(inputs=indices + inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        self.num_indices = len(indices)
        self.in_list = self.out_list = True

    def forward(self, data, state):
        indices, values = data[:self.num_indices], data[self.num_indices:]
        if not indices:
            return [keras.ops.max(value, axis=1) for value in values]
        return [gather_from_batch(value, indices[index if len(indices) > 1 else 0])
                for index, value in enumerate(values)]


@serializable
class Normalize(TensorOp):
    """`(x - mean * max_pixel_value) / (std * max_pixel_value)` for each of the `inputs` keys (channels last), as
    `kerasfe.backend.normalize` computes it.

    Example:
        >>> import keras
        >>> op = Normalize(inputs="x", outputs="x", mean=0.5, std=0.25, max_pixel_value=8.0)
        >>> [round(v, 4) for v in keras.ops.convert_to_numpy(op.forward([keras.ops.convert_to_tensor([0.0, 8.0])],
        ...                                                             {}))[0].tolist()]
        [-2.0, 2.0]
    """

    def __init__(self, inputs, outputs, mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225), max_pixel_value=255.0,
                 mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if len(self.inputs) != len(self.outputs):
            raise ConfigError(f"{self.describe()}: give one output key per input key; got inputs={self.inputs}, "
                              f"outputs={self.outputs}")
        self.mean, self.std, self.max_pixel_value = mean, std, max_pixel_value
        self.in_list = self.out_list = True

    def forward(self, data, state):
        return [normalize(value, self.mean, self.std, self.max_pixel_value) for value in data]


@serializable
class Resize3D(TensorOp):
    """Resizes channels-last volumes (batch, d1, d2, d3, channels) to `output_shape` (d1, d2, d3), with
    `resize_mode` "nearest" or "area", for each of the `inputs` keys (`kerasfe.backend.resize_3d`).

    Example:
        >>> import keras
        >>> op = Resize3D(inputs="v", outputs="v", output_shape=(4, 4, 2))
        >>> tuple(op.forward([keras.ops.ones((1, 2, 2, 2, 1))], {})[0].shape)
        (1, 4, 4, 2, 1)
    """

    def __init__(self, inputs, outputs, output_shape, resize_mode="nearest", mode=None, ds_id=None):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if resize_mode not in ("nearest", "area"):
            raise ConfigError(f"{self.describe()}: resize_mode must be 'nearest' or 'area'; got '{resize_mode}'")
        if len(output_shape) != 3:
            raise ConfigError(f"{self.describe()}: output_shape is (d1, d2, d3), without the batch and channel axes; "
                              f"got {output_shape}")
        if len(self.inputs) != len(self.outputs):
            raise ConfigError(f"{self.describe()}: give one output key per input key; got inputs={self.inputs}, "
                              f"outputs={self.outputs}")
        self.output_shape, self.resize_mode = tuple(output_shape), resize_mode
        self.in_list = self.out_list = True

    def forward(self, data, state):
        return [resize_3d(value, self.output_shape, self.resize_mode) for value in data]
