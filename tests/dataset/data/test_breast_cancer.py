import numpy as np
from sklearn.datasets import load_breast_cancer

from kerasfe.dataset.data import breast_cancer


def rows_in_order(features, labels):
    """(features | label) rows sorted lexicographically: equal for two data sets holding the same samples."""
    table = np.column_stack([np.asarray(features, "float64"), labels])
    return table[np.lexsort(table.T[::-1])]


def test_breast_cancer_holds_exactly_scikit_learns_samples_and_keeps_class_shares():
    train, evaluation = breast_cancer.load_data(eval_fraction=0.25)
    reference = load_breast_cancer()
    parts = [{key: np.stack([sample[key] for sample in part]) for key in ("x", "y")} for part in (train, evaluation)]
    assert [part["x"].dtype for part in parts] == [np.float32] * 2 and parts[0]["y"].dtype == np.int64
    np.testing.assert_array_equal(
        rows_in_order(np.concatenate([part["x"] for part in parts]), np.concatenate([part["y"] for part in parts])),
        rows_in_order(reference.data.astype("float32"), reference.target))
    # 143 = ceil(0.25 * 569) samples (FastEstimator rounds a fraction up), each class its share: 53 and 90
    assert len(evaluation) == 143
    np.testing.assert_array_equal(np.bincount(parts[1]["y"]),
                                  np.round(np.bincount(reference.target) * 143 / len(reference.target)))
