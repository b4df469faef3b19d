import numpy as np
from scipy.linalg import hadamard

from tests.apphub.app_runs import SCORES, check_scores, train


def code_words(code_length=16, classes=10):
    """FastEstimator's Hadamard code words: rows of the Hadamard matrix, the first column alternating -1, 1."""
    words = hadamard(code_length).astype("float64")
    words[::2, 0] = -1
    return words[:classes]


def hinge(y_code, y_pred_code):
    return float(np.mean(np.maximum(1.0 - np.asarray(y_code, "float64") * np.asarray(y_pred_code, "float64"), 0)))


def test_ecc_hinge_trains_on_code_words_and_decodes_them_to_classes(tmp_path):
    estimator, scored = train("adversarial_training/ecc_hinge/ecc_hinge.py",
                              keys=("x", "y", "y_code", "x_adverse", "y_pred_code"), epochs=1, batch_size=16,
                              max_train_steps_per_epoch=3, max_eval_steps_per_epoch=2, filters=4, head_units=4,
                              epsilon=0.2, save_dir=tmp_path, log_steps=0)
    arrays = scored.arrays("eval")
    np.testing.assert_array_equal(arrays["y_code"], code_words()[arrays["y"]])
    check_scores(estimator, scored, "eval", {"base_hinge": hinge}, y="y_code", pred="y_pred_code")
    check_scores(estimator, scored, "eval", {"adv_hinge": hinge}, x="x_adverse", y="y_code", pred="y_pred_code")
    # the class is the code word nearest (L1) to the predicted code
    nearest = np.abs(arrays["y_pred_code"][:, None, :] - code_words()[None]).sum(-1).argmin(-1)
    accuracy = estimator.system.summary.epoch_values("eval", "base_accuracy")[-1]
    assert np.isclose(accuracy, SCORES["accuracy"](arrays["y"], np.eye(10)[nearest]))
    (model,) = estimator.network.models
    assert (tmp_path / f"{model.name}_best_base_hinge.weights.h5").is_file()
