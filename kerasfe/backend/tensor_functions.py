"""FastEstimator's `fe.backend` tensor functions, written once with `keras.ops`: each takes the active backend's
tensors (or numpy arrays, then it returns numpy as FastEstimator does) and works inside a compiled step.

Images are channels-last, as Keras lays them out on every backend (FastEstimator's PyTorch branch is
channels-first); the PyTorch-only layout of FastEstimator does not apply.

Example:
    >>> import numpy as np
    >>> reduce_sum(np.array([[1, 2], [3, 4]]), axis=0).tolist()
    [4, 6]
"""
import math

import keras
import numpy as np

from kerasfe.errors import ConfigError

_FRAMEWORKS = {"tf": "tensorflow", "torch": "torch", "jax": "jax"}


def _as_numpy_if(source, result):
    """`result` as numpy when `source` is numpy (or a Python number), else as it is."""
    if isinstance(source, (np.ndarray, np.generic, int, float)):
        return keras.ops.convert_to_numpy(result)
    return result


def _map(data, fn):
    """Applies `fn` to every leaf of nested dicts, lists, tuples and sets."""
    if isinstance(data, dict):
        return {key: _map(value, fn) for key, value in data.items()}
    if isinstance(data, (list, tuple, set)):
        return type(data)(_map(value, fn) for value in data)
    return fn(data)


def abs(tensor):  # noqa: A001 - FastEstimator's name
    """The element-wise absolute value.

    Example:
        >>> abs(np.array([-1.5, 2.0])).tolist()
        [1.5, 2.0]
    """
    return _as_numpy_if(tensor, keras.ops.absolute(tensor))


def argmax(tensor, axis=0):
    """The index of the largest value along `axis` (FastEstimator's default: axis 0).

    Example:
        >>> argmax(np.array([[0, 5], [3, 1]])).tolist(), argmax(np.array([[0, 5], [3, 1]]), axis=1).tolist()
        ([1, 0], [1, 0])
    """
    return _as_numpy_if(tensor, keras.ops.argmax(tensor, axis=axis))


def cast(data, dtype):
    """Casts `data` (a tensor, an array or nested dicts / lists / tuples of them) to `dtype`: a dtype name or a
    tensor whose dtype to take.

    Example:
        >>> cast({"x": np.array([1.7]), "y": [np.array([0.2])]}, "int32")
        {'x': array([1], dtype=int32), 'y': [array([0], dtype=int32)]}
    """
    if hasattr(dtype, "dtype"):
        dtype = keras.backend.standardize_dtype(dtype.dtype)

    def one(value):
        if isinstance(value, (np.ndarray, np.generic)):
            return value.astype(dtype)
        return keras.ops.cast(value, dtype)

    return _map(data, one)


def check_nan(val):
    """Whether `val` holds a NaN or an infinity.

    Example:
        >>> bool(check_nan(np.array([1.0, np.inf]))), bool(check_nan(2.0))
        (True, False)
    """
    bad = keras.ops.any(keras.ops.logical_or(keras.ops.isnan(val), keras.ops.isinf(val)))
    return _as_numpy_if(val, bad)


def clip_by_value(tensor, min_value=None, max_value=None):
    """Clips `tensor` to [min_value, max_value]; a bound left None does not clip.

    Example:
        >>> clip_by_value(np.array([-2.0, 0.5, 3.0]), min_value=0).tolist()
        [0.0, 0.5, 3.0]
    """
    result = tensor
    if min_value is not None:
        result = keras.ops.maximum(result, keras.ops.cast(min_value, keras.ops.dtype(tensor)))
    if max_value is not None:
        result = keras.ops.minimum(result, keras.ops.cast(max_value, keras.ops.dtype(tensor)))
    return _as_numpy_if(tensor, result)


def concat(tensors, axis=0):
    """Concatenates `tensors` along `axis`.

    Example:
        >>> concat([np.ones((1, 2)), np.zeros((1, 2))]).shape
        (2, 2)
    """
    return _as_numpy_if(tensors[0], keras.ops.concatenate(list(tensors), axis=axis))


def convert_tensor_precision(tensor):
    """Casts `tensor` to the compute dtype of Keras's dtype policy (float16 / bfloat16 under mixed precision,
    float32 otherwise).

    Example:
        >>> convert_tensor_precision(np.array([1], "int32")).dtype
        dtype('float32')
    """
    return cast(tensor, keras.config.dtype_policy().compute_dtype)


def exp(tensor):
    """e to the power of `tensor`, element-wise.

    Example:
        >>> exp(np.array([0.0])).tolist()
        [1.0]
    """
    return _as_numpy_if(tensor, keras.ops.exp(tensor))


def expand_dims(tensor, axis=1):
    """Adds an axis of length 1 at `axis` (FastEstimator's default: 1).

    Example:
        >>> expand_dims(np.ones((2, 3))).shape
        (2, 1, 3)
    """
    return _as_numpy_if(tensor, keras.ops.expand_dims(tensor, axis))


def flip(tensor, axis):
    """Reverses the order of elements along `axis` (an int or a list of them).

    Example:
        >>> flip(np.array([[1, 2], [3, 4]]), axis=1).tolist()
        [[2, 1], [4, 3]]
    """
    return _as_numpy_if(tensor, keras.ops.flip(tensor, axis=tuple(axis) if isinstance(axis, list) else axis))


def gather(tensor, indices):
    """The rows of `tensor` (axis 0) at `indices` (squeezed, so (n, 1) indices work too).

    Example:
        >>> gather(np.array([[0, 1], [2, 3], [4, 5]]), np.array([[1], [0]])).tolist()
        [[2, 3], [0, 1]]
    """
    indices = keras.ops.reshape(keras.ops.cast(indices, "int32"), (-1,))
    return _as_numpy_if(tensor, keras.ops.take(tensor, indices, axis=0))


def gather_from_batch(tensor, indices):
    """Per sample, the entry at that sample's index: `tensor[i, indices[i]]`.

    Example:
        >>> gather_from_batch(np.array([[0, 1], [2, 3], [4, 5]]), np.array([1, 0, 1])).tolist()
        [1, 2, 5]
    """
    indices = keras.ops.reshape(keras.ops.cast(indices, "int32"), (-1,))
    picked = keras.ops.take_along_axis(
        tensor, keras.ops.reshape(indices, (-1, 1) + (1,) * (len(tensor.shape) - 2)), axis=1)
    return _as_numpy_if(tensor, keras.ops.squeeze(picked, axis=1))


def get_image_dims(tensor):
    """(channels, height, width) of a channels-last image (rank 3) or batch of images (rank 4).

    Example:
        >>> get_image_dims(np.zeros((2, 12, 10, 3)))
        (3, 12, 10)
    """
    if len(tensor.shape) not in (3, 4):
        raise ConfigError(f"get_image_dims takes an image (height, width, channels) or a batch of them; got a tensor "
                          f"of shape {tuple(tensor.shape)}")
    return tensor.shape[-1], tensor.shape[-3], tensor.shape[-2]


def get_shape(tensor):
    """The shape of `tensor`, as a tuple (inside a compiled step a symbolic dimension stays a tensor).

    Example:
        >>> get_shape(np.zeros((2, 3)))
        (2, 3)
    """
    return tuple(keras.ops.shape(tensor))


def iwd(tensor, power=1.0, max_prob=0.95, pairwise_distance=1.0, eps=None):
    """Inverse Weighted Distance: turns distances to each class (last axis) into probabilities proportional to
    `(1 / distance) ** power`; a distance of 0 gives the class `max_prob`. For an activation, use it on
    `sigmoid(x)` in place of softmax.

    Example:
        >>> print(np.round(iwd(np.array([[1.0, 1.0], [0.0, 1.0]], "float32")), 3))
        [[0.5  0.5 ]
         [0.95 0.05]]
    """
    if eps is None:
        eps = pairwise_distance * math.pow((1.0 - max_prob) / (max_prob * (tensor.shape[-1] - 1)), 1 / power)
    distances = keras.ops.maximum(tensor, keras.ops.cast(eps, keras.ops.dtype(tensor)))
    weights = keras.ops.power(1.0 / distances, power)
    return _as_numpy_if(tensor, weights / keras.ops.sum(weights, axis=-1, keepdims=True))


def lambertw(tensor):
    """The principal branch (k=0) of the Lambert W function, for inputs >= -1/e (Halley's iteration from
    Winitzki's / a series start, as FastEstimator's PyTorch version; out-of-domain inputs give undefined values).

    Example:
        >>> print(np.round(lambertw(np.array([0.0, 1.0, math.e], "float32")), 4))
        [0.     0.5671 1.    ]
    """
    z = keras.ops.convert_to_tensor(tensor)
    series = 2 * (1.0 + math.e * z)
    root = keras.ops.sqrt(keras.ops.maximum(series, 0.0))
    near_branch = -1.0 + root - series / 3.0 + 0.1527777777 * series * root
    log1pz = keras.ops.log1p(keras.ops.maximum(z, -0.2649))
    winitzki = log1pz * (1.0 - keras.ops.log1p(log1pz) / (2.0 + log1pz))
    w = keras.ops.where(z < -0.2649, near_branch, winitzki)
    for _ in range(20):
        f = w - z * keras.ops.exp(-w)
        w1 = w + 1.0000001
        w = w - f / (w1 - (w + 2.0) * f / (2.0 * w1))
    return _as_numpy_if(tensor, w)


def matmul(a, b):
    """The matrix product of `a` and `b`.

    Example:
        >>> matmul(np.eye(2), np.array([[1.0], [2.0]])).tolist()
        [[1.0], [2.0]]
    """
    return _as_numpy_if(a, keras.ops.matmul(a, b))


def maximum(tensor1, tensor2):
    """The element-wise maximum of two tensors.

    Example:
        >>> maximum(np.array([1, 5]), np.array([3, 2])).tolist()
        [3, 5]
    """
    return _as_numpy_if(tensor1, keras.ops.maximum(tensor1, tensor2))


def normalize(tensor, mean=(0.485, 0.456, 0.406), std=(0.229, 0.224, 0.225), max_pixel_value=255.0, epsilon=1e-7):
    """`(tensor - mean * max_pixel_value) / (std * max_pixel_value + epsilon)`, with per-channel `mean` and `std`
    on the last axis, in the compute dtype of Keras's dtype policy.

    Example:
        >>> np.round(normalize(np.array([[0.0, 8.0]]), mean=0.5, std=0.25, max_pixel_value=8.0), 4).tolist()
        [[-2.0, 2.0]]
    """
    dtype = keras.config.dtype_policy().compute_dtype
    mean = keras.ops.convert_to_tensor(np.asarray(mean, "float64") * max_pixel_value, dtype)
    std = keras.ops.convert_to_tensor(np.asarray(std, "float64") * max_pixel_value, dtype)
    return _as_numpy_if(tensor, (keras.ops.cast(tensor, dtype) - mean) / (std + epsilon))


def ones_like(tensor, dtype=None):
    """Ones shaped like `tensor` (of `dtype`, or of the tensor's dtype).

    Example:
        >>> ones_like(np.zeros((2,)), dtype="int32").tolist()
        [1, 1]
    """
    return _as_numpy_if(tensor, keras.ops.ones_like(tensor, dtype=dtype))


def percentile(tensor, percentiles, axis=None, keepdims=True):
    """The `percentiles` (0-100, one or a list) of `tensor` along `axis`, taking the lower of two neighbours; a
    list of percentiles adds a leading axis, as numpy does.

    Example:
        >>> percentile(np.arange(1, 10).reshape(3, 3), percentiles=66, axis=1).tolist()
        [[2], [5], [8]]
    """
    quantiles = np.asarray(percentiles, "float32") / 100.0
    axis = tuple(axis) if isinstance(axis, list) else axis
    result = keras.ops.quantile(tensor, quantiles, axis=axis, method="lower", keepdims=keepdims)
    return _as_numpy_if(tensor, keras.ops.cast(result, keras.ops.dtype(tensor)))  # "lower" picks an element


def permute(tensor, permutation):
    """Reorders the axes of `tensor` as `permutation` says (all axes, from 0).

    Example:
        >>> permute(np.zeros((2, 3, 4)), [2, 0, 1]).shape
        (4, 2, 3)
    """
    return _as_numpy_if(tensor, keras.ops.transpose(tensor, axes=list(permutation)))


def pow(tensor, power):  # noqa: A001 - FastEstimator's name
    """`tensor` raised to `power` (a number or a tensor), element-wise.

    Example:
        >>> pow(np.array([2.0, 3.0]), 2).tolist()
        [4.0, 9.0]
    """
    return _as_numpy_if(tensor, keras.ops.power(tensor, power))


def random_normal_like(tensor, mean=0.0, std=1.0, dtype="float32"):
    """Noise shaped like `tensor`, drawn from a normal distribution (Keras's global seed generator).

    Example:
        >>> random_normal_like(np.zeros((2, 3)), mean=5.0).shape
        (2, 3)
    """
    noise = keras.random.normal(tuple(keras.ops.shape(tensor)), mean=mean, stddev=std, dtype=dtype)
    return _as_numpy_if(tensor, noise)


def random_uniform_like(tensor, minval=0.0, maxval=1.0, dtype="float32"):
    """Noise shaped like `tensor`, drawn uniformly from [minval, maxval) (Keras's global seed generator).

    Example:
        >>> bool(np.all(random_uniform_like(np.zeros((4,)), minval=2.0, maxval=3.0) >= 2.0))
        True
    """
    noise = keras.random.uniform(tuple(keras.ops.shape(tensor)), minval=minval, maxval=maxval, dtype=dtype)
    return _as_numpy_if(tensor, noise)


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def reduce_max(tensor, axis=None, keepdims=False):
    """The largest value along `axis` (None: all).

    Example:
        >>> reduce_max(np.array([[1, 7], [3, 4]]), axis=0).tolist()
        [3, 7]
    """
    return _as_numpy_if(tensor, keras.ops.max(tensor, axis=_axis(axis), keepdims=keepdims))


def reduce_mean(tensor, axis=None, keepdims=False):
    """The mean along `axis` (None: all).

    Example:
        >>> float(reduce_mean(np.array([[1.0, 2.0], [3.0, 4.0]])))
        2.5
    """
    return _as_numpy_if(tensor, keras.ops.mean(tensor, axis=_axis(axis), keepdims=keepdims))


def reduce_min(tensor, axis=None, keepdims=False):
    """The smallest value along `axis` (None: all).

    Example:
        >>> reduce_min(np.array([[1, 7], [3, 4]]), axis=1).tolist()
        [1, 3]
    """
    return _as_numpy_if(tensor, keras.ops.min(tensor, axis=_axis(axis), keepdims=keepdims))


def reduce_std(tensor, axis=None, keepdims=False):
    """The (population) standard deviation along `axis` (None: all).

    Example:
        >>> reduce_std(np.array([[1.0, 1.0], [3.0, 5.0]]), axis=0).tolist()
        [1.0, 2.0]
    """
    return _as_numpy_if(tensor, keras.ops.std(tensor, axis=_axis(axis), keepdims=keepdims))


def reduce_sum(tensor, axis=None, keepdims=False):
    """The sum along `axis` (None: all).

    Example:
        >>> reduce_sum(np.array([[1, 2], [3, 4]]), axis=1, keepdims=True).tolist()
        [[3], [7]]
    """
    return _as_numpy_if(tensor, keras.ops.sum(tensor, axis=_axis(axis), keepdims=keepdims))


def reshape(tensor, shape):
    """`tensor` with the given `shape` (one entry may be -1).

    Example:
        >>> reshape(np.arange(6), shape=[2, -1]).shape
        (2, 3)
    """
    return _as_numpy_if(tensor, keras.ops.reshape(tensor, tuple(shape)))


def _area_weights(old, new):
    """The (new, old) matrix of box-filter weights: the share of each source cell in each target cell."""
    scale = old / new
    starts = np.arange(new)[:, None] * scale
    overlap = np.minimum(starts + scale, np.arange(1, old + 1)[None, :]) - np.maximum(starts, np.arange(old)[None, :])
    return np.clip(overlap, 0, None) / scale


def resize_3d(tensor, output_shape, resize_mode="nearest"):
    """Resizes a batch of channels-last volumes (batch, d1, d2, d3, channels) to `output_shape` (d1, d2, d3), one
    axis at a time: "nearest" neighbour (half-pixel centres, as TensorFlow) or "area" (the box filter: each output
    cell averages the input cells it covers).

    Example:
        >>> volume = np.arange(8, dtype="float32").reshape(1, 2, 2, 2, 1)
        >>> resize_3d(volume, output_shape=(4, 4, 4)).shape
        (1, 4, 4, 4, 1)
    """
    if resize_mode not in ("nearest", "area"):
        raise ConfigError(f"resize_3d: resize_mode must be 'nearest' or 'area'; got '{resize_mode}'")
    if len(output_shape) != 3 or len(tensor.shape) != 5:
        raise ConfigError(f"resize_3d takes volumes (batch, d1, d2, d3, channels) and output_shape (d1, d2, d3); got "
                          f"a tensor of shape {tuple(tensor.shape)} and output_shape {tuple(output_shape)}")
    result = keras.ops.convert_to_tensor(tensor)
    for axis, new in zip((1, 2, 3), output_shape):
        old = result.shape[axis]
        if resize_mode == "nearest":
            index = np.floor((np.arange(new) + 0.5) * old / new).astype("int32")
            result = keras.ops.take(result, keras.ops.convert_to_tensor(index), axis=axis)
        else:
            if "float" not in keras.ops.dtype(result):
                result = keras.ops.cast(result, "float32")
            weights = keras.ops.convert_to_tensor(_area_weights(old, new), keras.ops.dtype(result))
            result = keras.ops.moveaxis(keras.ops.tensordot(result, weights, axes=[[axis], [1]]), -1, axis)
    return _as_numpy_if(tensor, result)


def roll(tensor, shift, axis):
    """Shifts the elements of `tensor` by `shift` along `axis` (ints or lists of them), wrapping around.

    Example:
        >>> roll(np.array([1, 2, 3]), shift=1, axis=0).tolist()
        [3, 1, 2]
    """
    if isinstance(shift, (list, tuple)):
        result = tensor
        for one_shift, one_axis in zip(shift, axis):
            result = keras.ops.roll(result, one_shift, axis=one_axis)
        return _as_numpy_if(tensor, result)
    return _as_numpy_if(tensor, keras.ops.roll(tensor, shift, axis=axis))


def sign(tensor):
    """The element-wise sign (-1, 0 or 1).

    Example:
        >>> sign(np.array([-2.0, 0.0, 3.0])).tolist()
        [-1.0, 0.0, 1.0]
    """
    return _as_numpy_if(tensor, keras.ops.sign(tensor))


def squeeze(tensor, axis=None):
    """Removes `axis` (or every axis) of length 1.

    Example:
        >>> squeeze(np.zeros((3, 1, 2, 1))).shape, squeeze(np.zeros((3, 1, 2, 1)), axis=1).shape
        ((3, 2), (3, 2, 1))
    """
    return _as_numpy_if(tensor, keras.ops.squeeze(tensor, axis=axis))


def tensor_pow(tensor, power):
    """`tensor ** power`, element-wise.

    Example:
        >>> tensor_pow(np.array([4.0]), 0.5).tolist()
        [2.0]
    """
    return pow(tensor, power)


def tensor_round(tensor):
    """Rounds each element to the nearest integer (halves to even).

    Example:
        >>> tensor_round(np.array([1.4, 2.5, 2.6])).tolist()
        [1.0, 2.0, 3.0]
    """
    return _as_numpy_if(tensor, keras.ops.round(tensor))


def tensor_sqrt(tensor):
    """The element-wise square root.

    Example:
        >>> tensor_sqrt(np.array([9.0])).tolist()
        [3.0]
    """
    return _as_numpy_if(tensor, keras.ops.sqrt(tensor))


def to_shape(data, add_batch=False, exact_shape=True):
    """The shapes of the tensors in nested dicts / lists / tuples / sets: `add_batch` puts a None batch axis in
    front, `exact_shape=False` makes every size None.

    Example:
        >>> to_shape({"x": np.ones((10, 15)), "y": [np.ones(4)]}, add_batch=True)
        {'x': [None, 10, 15], 'y': [[None, 4]]}
    """
    def one(value):
        shape = list(value.shape) if hasattr(value, "shape") else list(np.shape(value))
        if not exact_shape:
            shape = [None] * len(shape)
        return [None] + shape if add_batch else shape

    return _map(data, one)


def to_tensor(data, target_type, shared_memory=False):
    """Converts the arrays and numbers in nested dicts / lists / tuples / sets to `target_type`: "np" (numpy), or
    the active backend's tensors ("tf", "torch" or "jax", whichever `KERAS_BACKEND` runs). Strings and None stay
    as they are. `shared_memory` (PyTorch's shared-memory tensors for worker processes) has no effect here: kerasfe's
    Pipeline workers are threads.

    Example:
        >>> to_tensor({"x": [np.ones(2)], "name": "a"}, target_type="np")
        {'x': [array([1., 1.])], 'name': 'a'}
    """
    if target_type != "np" and _FRAMEWORKS.get(target_type) != keras.backend.backend():
        raise ConfigError(f"to_tensor: target_type must be 'np' or the active backend's ('{_backend_code()}' under "
                          f"KERAS_BACKEND={keras.backend.backend()}); got '{target_type}'")

    def one(value):
        if value is None or isinstance(value, (str, bytes)):
            return value
        if target_type == "np":
            return np.asarray(keras.ops.convert_to_numpy(value))
        return keras.ops.convert_to_tensor(value)

    return _map(data, one)


def _backend_code():
    return {name: code for code, name in _FRAMEWORKS.items()}[keras.backend.backend()]


def to_type(data):
    """The dtype names ("float32", "int64", ...) of the tensors in nested dicts / lists / tuples / sets (one name
    on every backend, where FastEstimator returns each framework's dtype object).

    Example:
        >>> to_type({"x": np.ones(2, "float32"), "y": [np.ones(1, "int8"), 1.5]})
        {'x': 'float32', 'y': ['int8', 'float64']}
    """
    return _map(data, lambda value: keras.backend.standardize_dtype(
        value.dtype if hasattr(value, "dtype") else np.asarray(value).dtype))


def transpose(tensor):
    """`tensor` with its axes reversed (the matrix transpose for rank 2).

    Example:
        >>> transpose(np.arange(6).reshape(2, 3)).shape
        (3, 2)
    """
    return _as_numpy_if(tensor, keras.ops.transpose(tensor))


def where(condition, yes, no):
    """`yes` where `condition` holds, else `no` (tensors or numbers), element-wise.

    Example:
        >>> where(np.array([True, False]), 1.0, np.array([5.0, 6.0])).tolist()
        [1.0, 6.0]
    """
    return _as_numpy_if(condition, keras.ops.where(condition, yes, no))


def zeros_like(tensor, dtype=None):
    """Zeros shaped like `tensor` (of `dtype`, or of the tensor's dtype).

    Example:
        >>> zeros_like(np.ones((2,)), dtype="int32").tolist()
        [0, 0]
    """
    return _as_numpy_if(tensor, keras.ops.zeros_like(tensor, dtype=dtype))


def zscore(data, epsilon=1e-7):
    """`(data - mean) / max(std, epsilon)` over the whole tensor, in float32.

    Example:
        >>> print(np.round(zscore(np.array([[0.0, 1.0], [2.0, 3.0]])), 4))
        [[-1.3416 -0.4472]
         [ 0.4472  1.3416]]
    """
    values = keras.ops.cast(data, "float32")
    centred = values - keras.ops.mean(values)
    return _as_numpy_if(data, centred / keras.ops.maximum(keras.ops.std(values), epsilon))
