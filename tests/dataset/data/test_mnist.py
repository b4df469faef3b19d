import numpy as np

from kerasfe.dataset.data import mnist


def test_mnist_writes_the_keys_asked(tmp_path):
    rng = np.random.default_rng(0)
    arrays = {name: rng.integers(0, 256, shape, dtype="uint8") for name, shape in
              [("x_train", (3, 28, 28)), ("y_train", (3,)), ("x_test", (2, 28, 28)), ("y_test", (2,))]}
    (tmp_path / "datasets").mkdir()
    np.savez(tmp_path / "datasets" / "mnist.npz", **arrays)  # Keras's mnist.npz format
    train, evaluation = mnist.load_data(image_key="image", label_key="label", cache_dir=str(tmp_path))
    np.testing.assert_array_equal(train.data["image"], arrays["x_train"])
    np.testing.assert_array_equal(evaluation.data["label"], arrays["y_test"])
