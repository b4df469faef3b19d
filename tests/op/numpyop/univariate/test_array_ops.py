import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import Binarize, ExpandDims, Minmax, Normalize, Onehot, Reshape, ToFloat

STATE = {"mode": "train"}


def test_sample_and_batch_forms_agree():
    rng = np.random.default_rng(0)
    batch = rng.integers(0, 255, (5, 4, 3, 3)).astype("uint8")
    ops = [ExpandDims(inputs="x", axis=1), ExpandDims(inputs="x"), Reshape(shape=(12, 3), inputs="x"),
           ToFloat(inputs="x", max_value=255), Binarize(threshold=100, inputs="x"), Minmax(inputs="x"),
           Normalize(inputs="x", mean=(0.4, 0.5, 0.6), std=(0.2, 0.3, 0.4)), Onehot(num_classes=256, inputs="x")]
    for op in ops:
        expected = np.stack([op.forward(sample, STATE) for sample in batch])
        np.testing.assert_allclose(op.forward_batch(batch, STATE), expected, rtol=1e-6, err_msg=op.describe())


def test_values_match_numpy():
    x = np.array([[10.0, 20.0], [30.0, 50.0]])
    np.testing.assert_allclose(Minmax(inputs="x", new_min=-1.0, new_max=1.0).forward(x, STATE),
                               (x - 10) / 40 * 2 - 1, rtol=1e-6)
    image = np.full((2, 2, 3), 255, "uint8")
    np.testing.assert_allclose(Normalize(inputs="x").forward(image, STATE)[0, 0],
                               (1 - np.array([0.485, 0.456, 0.406])) / np.array([0.229, 0.224, 0.225]), rtol=1e-5)
    smooth = Onehot(num_classes=5, label_smoothing=0.1, inputs="y").forward(np.array([1, 4]), STATE)
    np.testing.assert_allclose(smooth.sum(axis=1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(smooth[0], [0.02, 0.92, 0.02, 0.02, 0.02], rtol=1e-5)
    a, b = ExpandDims(inputs=["a", "b"], axis=0).forward([np.zeros(2), np.zeros(3)], STATE)
    assert a.shape == (1, 2) and b.shape == (1, 3)


def test_bad_arguments():
    with pytest.raises(ConfigError, match="label_smoothing"):
        Onehot(num_classes=3, label_smoothing=1.0, inputs="y")
    with pytest.raises(ConfigError, match=r"class indices must be in \[0, 3\)"):
        Onehot(num_classes=3, inputs="y").forward(np.array(3), STATE)
    with pytest.raises(ConfigError, match="std must be positive"):
        Normalize(inputs="x", std=0)
    with pytest.raises(ConfigError, match="new_max"):
        Minmax(inputs="x", new_min=1, new_max=0)


def test_channel_transpose_to_array_and_hadamard():
    from scipy.linalg import hadamard

    from kerasfe.op.numpyop.univariate import ChannelTranspose, Hadamard, ToArray
    image = np.arange(24).reshape(2, 3, 4)
    np.testing.assert_array_equal(ChannelTranspose(inputs="x").forward(image, {"mode": "train"}),
                                  image.transpose(2, 0, 1))
    batch = np.stack([image, image + 1])
    np.testing.assert_array_equal(ChannelTranspose(inputs="x", axes=(1, 2, 0)).forward_batch(batch, {"mode": "train"}),
                                  batch.transpose(0, 2, 3, 1))
    out = ToArray(inputs=["a", "b"], dtype="int32").forward([[1.7, 2], 3], {"mode": "train"})
    assert out[0].tolist() == [1, 2] and out[0].dtype == np.int32 and out[1].shape == ()
    codes = Hadamard(inputs="y", outputs="code", n_classes=5)
    matrix = hadamard(8).astype("float32")
    matrix[::2, 0] = -1
    np.testing.assert_array_equal(codes.forward(np.array([4, 0]), {"mode": "train"}), matrix[[4, 0]])
    assert codes.code_length == 8 and Hadamard(inputs="y", n_classes=3, code_length=16).labels.shape == (3, 16)
    distances = (codes.labels[:, None] != codes.labels[None]).sum(-1)  # Hamming distances between the codes
    assert set(np.unique(codes.labels)) == {-1.0, 1.0} and distances[~np.eye(5, dtype=bool)].min() >= 3
    for kwargs in ({"n_classes": 5, "code_length": 6}, {"n_classes": 5, "code_length": 4}, {"n_classes": 0}):
        with pytest.raises(ConfigError):
            Hadamard(inputs="y", **kwargs)
    with pytest.raises(ConfigError, match="class indices"):
        codes.forward(np.array(5), {"mode": "train"})


def test_calibrate_with_a_function_and_a_pickled_file(tmp_path):
    import functools
    import pickle

    from kerasfe.errors import DataError, WrongTypeError
    from kerasfe.op.numpyop.univariate import Calibrate
    op = Calibrate(inputs="p", outputs="q", calibration_fn=np.sqrt)
    assert op.should_run("test") and op.should_run("infer") and not op.should_run("train")
    np.testing.assert_allclose(op.forward(np.array([4.0, 9.0]), {"mode": "test"}), [2.0, 3.0])
    path = tmp_path / "calibration.pkl"
    lazy = Calibrate(inputs="p", calibration_fn=str(path))
    warmup = lazy.forward_batch(np.ones((2, 2)), {"mode": "test", "warmup": True})
    np.testing.assert_array_equal(warmup, np.ones((2, 2)))
    with pytest.raises(DataError, match="no calibration function"):
        lazy.forward(np.ones(2), {"mode": "test"})
    path.write_bytes(pickle.dumps(functools.partial(np.multiply, 3.0)))
    np.testing.assert_allclose(lazy.forward_batch(np.ones((2, 2)), {"mode": "test"}), np.full((2, 2), 3.0))
    with pytest.raises(WrongTypeError):
        Calibrate(inputs="p", calibration_fn=3)
