import keras
import numpy as np
import pytest
from scipy.special import lambertw as scipy_lambertw

import kerasfe.backend as fe_backend
from kerasfe.errors import ConfigError

RNG = np.random.default_rng(0)
X = RNG.normal(size=(3, 4)).astype("float32")
POSITIVE = RNG.uniform(0.1, 2.0, size=(3, 4)).astype("float32")
INDICES = np.array([[2], [0], [1]])

# (name, arguments (numpy), keyword arguments, numpy oracle)
CASES = [
    ("abs", (X,), {}, np.abs(X)),
    ("argmax", (X,), {}, np.argmax(X, axis=0)),
    ("argmax", (X,), {"axis": 1}, np.argmax(X, axis=1)),
    ("clip_by_value", (X,), {"min_value": -0.5, "max_value": 0.5}, np.clip(X, -0.5, 0.5)),
    ("clip_by_value", (X,), {"max_value": 0.0}, np.minimum(X, 0.0)),
    ("concat", ([X, POSITIVE],), {"axis": 1}, np.concatenate([X, POSITIVE], axis=1)),
    ("exp", (X,), {}, np.exp(X)),
    ("expand_dims", (X,), {}, X[:, None]),
    ("flip", (X,), {"axis": [0, 1]}, X[::-1, ::-1]),
    ("gather", (X, INDICES), {}, X[[2, 0, 1]]),
    ("gather_from_batch", (X, INDICES), {}, X[np.arange(3), [2, 0, 1]]),
    ("iwd", (POSITIVE,), {"power": 2.0}, (1 / POSITIVE ** 2) / (1 / POSITIVE ** 2).sum(-1, keepdims=True)),
    ("lambertw", (np.array([-0.3, -0.1, 0.0, 0.5, 1.0, 5.0], "float32"),), {},
     scipy_lambertw(np.array([-0.3, -0.1, 0.0, 0.5, 1.0, 5.0])).real),
    ("matmul", (X, POSITIVE.T), {}, X @ POSITIVE.T),
    ("maximum", (X, POSITIVE), {}, np.maximum(X, POSITIVE)),
    ("normalize", (POSITIVE,), {"mean": (0.1, 0.2, 0.3, 0.4), "std": 0.5, "max_pixel_value": 2.0},
     (POSITIVE - np.array([0.2, 0.4, 0.6, 0.8])) / (1.0 + 1e-7)),
    ("ones_like", (X,), {"dtype": "int32"}, np.ones((3, 4), "int32")),
    ("percentile", (X,), {"percentiles": [25, 66], "axis": 1},
     np.percentile(X, [25, 66], axis=1, keepdims=True, method="lower")),
    ("percentile", (X,), {"percentiles": 50, "keepdims": False}, np.percentile(X, 50, method="lower")),
    ("permute", (X.reshape(3, 2, 2),), {"permutation": [2, 0, 1]}, X.reshape(3, 2, 2).transpose(2, 0, 1)),
    ("pow", (POSITIVE, 3), {}, POSITIVE ** 3),
    ("reduce_max", (X,), {"axis": 1, "keepdims": True}, X.max(1, keepdims=True)),
    ("reduce_mean", (X,), {"axis": [0, 1]}, X.mean()),
    ("reduce_min", (X,), {"axis": 0}, X.min(0)),
    ("reduce_std", (X,), {"axis": 1}, X.std(1)),
    ("reduce_sum", (X,), {}, X.sum()),
    ("reshape", (X,), {"shape": [2, -1]}, X.reshape(2, -1)),
    ("roll", (X,), {"shift": [1, -1], "axis": [0, 1]}, np.roll(X, (1, -1), axis=(0, 1))),
    ("sign", (X,), {}, np.sign(X)),
    ("squeeze", (X[:, None],), {"axis": 1}, X),
    ("tensor_pow", (POSITIVE, 0.5), {}, np.sqrt(POSITIVE)),
    ("tensor_round", (X * 3,), {}, np.round(X * 3)),
    ("tensor_sqrt", (POSITIVE,), {}, np.sqrt(POSITIVE)),
    ("transpose", (X,), {}, X.T),
    ("where", (X > 0, X, 0.0), {}, np.where(X > 0, X, 0.0)),
    ("zeros_like", (X,), {}, np.zeros_like(X)),
    ("zscore", (X,), {}, (X - X.mean()) / X.std()),
]


@pytest.mark.parametrize("name, args, kwargs, expected", CASES, ids=[case[0] for case in CASES])
def test_function_matches_numpy_on_backend_tensors_and_returns_numpy_for_numpy(name, args, kwargs, expected):
    function = getattr(fe_backend, name)
    tensors = [[keras.ops.convert_to_tensor(a) for a in arg] if isinstance(arg, list)
               else keras.ops.convert_to_tensor(arg) if isinstance(arg, np.ndarray) else arg for arg in args]
    on_tensors = function(*tensors, **kwargs)
    assert keras.ops.is_tensor(on_tensors)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(on_tensors), expected, rtol=1e-5, atol=1e-5)
    on_numpy = function(*args, **kwargs)
    assert isinstance(on_numpy, (np.ndarray, np.generic))
    np.testing.assert_allclose(on_numpy, expected, rtol=1e-5, atol=1e-5)


def test_casts_shapes_types_and_conversions_of_nested_data():
    data = {"x": keras.ops.ones((2, 3)), "y": [np.zeros(4, "int8"), (np.ones((1,)),)]}
    assert fe_backend.to_shape(data) == {"x": [2, 3], "y": [[4], ([1],)]}
    assert fe_backend.to_shape(data, add_batch=True, exact_shape=False) == {"x": [None, None, None],
                                                                              "y": [[None, None], ([None, None],)]}
    assert fe_backend.to_type(fe_backend.cast(data, "float16")) == {"x": "float16", "y": ["float16", ("float16",)]}
    assert fe_backend.cast(np.array([1.9]), keras.ops.ones((1,), "int32")).dtype == np.int32
    as_numpy = fe_backend.to_tensor(data, target_type="np")
    assert isinstance(as_numpy["x"], np.ndarray) and as_numpy["x"].shape == (2, 3)
    code = {"tensorflow": "tf", "torch": "torch", "jax": "jax"}[keras.backend.backend()]
    assert keras.ops.is_tensor(fe_backend.to_tensor({"a": [np.ones(2)]}, target_type=code)["a"][0])
    other = "torch" if code != "torch" else "tf"
    with pytest.raises(ConfigError, match="active backend"):
        fe_backend.to_tensor(np.ones(2), target_type=other)
    assert bool(fe_backend.check_nan(keras.ops.convert_to_tensor([1.0, np.nan])))
    assert not bool(fe_backend.check_nan(keras.ops.ones((2,))))
    assert fe_backend.get_image_dims(keras.ops.zeros((2, 5, 7, 3))) == (3, 5, 7)
    assert tuple(fe_backend.get_shape(keras.ops.zeros((2, 5)))) == (2, 5)
    assert keras.backend.standardize_dtype(fe_backend.convert_tensor_precision(keras.ops.ones((1,), "int32")).dtype) \
        == "float32"
    with pytest.raises(ConfigError, match="get_image_dims"):
        fe_backend.get_image_dims(keras.ops.zeros((2, 3)))


def test_random_like_functions_draw_the_shape_and_the_range_asked():
    uniform = keras.ops.convert_to_numpy(fe_backend.random_uniform_like(keras.ops.zeros((200, 5)), 2.0, 3.0))
    assert uniform.shape == (200, 5) and uniform.min() >= 2.0 and uniform.max() < 3.0
    normal = fe_backend.random_normal_like(np.zeros((4000,)), mean=5.0, std=2.0)
    assert isinstance(normal, np.ndarray) and abs(normal.mean() - 5.0) < 0.2 and abs(normal.std() - 2.0) < 0.2


def test_resize_3d_matches_nearest_neighbour_indexing_and_area_averaging():
    volume = RNG.uniform(size=(2, 2, 3, 4, 2)).astype("float32")
    out_shape = (4, 6, 2)
    index = [np.floor((np.arange(new) + 0.5) * old / new).astype(int)
             for new, old in zip(out_shape, volume.shape[1:4])]
    expected = volume[:, index[0]][:, :, index[1]][:, :, :, index[2]]
    resized = fe_backend.resize_3d(keras.ops.convert_to_tensor(volume), out_shape)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(resized), expected, atol=1e-6)
    cube = RNG.uniform(size=(1, 4, 4, 4, 1)).astype("float32")
    area = fe_backend.resize_3d(cube, (2, 2, 2), resize_mode="area")
    np.testing.assert_allclose(area, cube.reshape(1, 2, 2, 2, 2, 2, 2, 1).mean(axis=(2, 4, 6)), atol=1e-5)
    with pytest.raises(ConfigError, match="resize_mode"):
        fe_backend.resize_3d(cube, (2, 2, 2), resize_mode="bilinear")
