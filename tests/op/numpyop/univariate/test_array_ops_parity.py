"""Binarize and Onehot as FastEstimator computes them (per sample and in batch form)."""
import numpy as np

from kerasfe.op.numpyop.univariate import Binarize, Onehot


def test_binarize_counts_the_threshold_itself_as_one():
    values = np.array([0.1, 0.5, 0.50001, 0.9], "float32")
    expected = np.array([0.0, 1.0, 1.0, 1.0], "float32")  # FastEstimator: np.where(x >= threshold, 1, 0)
    op = Binarize(threshold=0.5, inputs="x")
    np.testing.assert_array_equal(op.forward(values, {"mode": "train"}), expected)
    np.testing.assert_array_equal(op.forward_batch(values[None], {"mode": "train"}), expected[None])


def test_onehot_of_a_one_element_label_is_one_vector():
    op = Onehot(num_classes=4, inputs="y", label_smoothing=0.2)
    smooth = np.full(4, 0.05, "float32")
    smooth[2] = 0.85  # 1 - 0.2 + 0.2 / 4
    for label in (np.array(2), np.array([2]), np.array([[2]])):
        np.testing.assert_allclose(op.forward(label, {"mode": "train"}), smooth)
    batch = op.forward_batch(np.array([[2], [0]]), {"mode": "train"})  # a batch of (1,) labels: (B, C)
    assert batch.shape == (2, 4)
    np.testing.assert_allclose(batch[0], smooth)
    np.testing.assert_array_equal(Onehot(num_classes=3, inputs="y").forward(np.array([0, 2]), {"mode": "train"}),
                                  np.eye(3, dtype="float32")[[0, 2]])  # several labels stay several rows
