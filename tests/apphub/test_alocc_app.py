"""The ALOCC app through the `kerasfe train` code path: one-class training data, noise on the training input
only, both optimizers stepped, and the logged AUCs equal sklearn's on exactly the batches scored."""
import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from kerasfe.cli.app import build_estimator, run_estimator
from tests.apphub.app_runs import APPHUB, ScoredBatches, with_scored_batches

APP = APPHUB / "anomaly_detection" / "alocc" / "alocc.py"


def test_alocc_trains_on_the_normal_digit_and_logs_the_aucs_of_its_scores(tmp_path):
    estimator = build_estimator(APP, ["--epochs", "2", "--max_train_steps_per_epoch", "2",
                                      "--max_eval_steps_per_epoch", "2", "--log_steps", "0", "--normal_digit", "3",
                                      "--filters", "4", "--noise_std", "0.2", "--save_dir", str(tmp_path)])
    trained = ScoredBatches(("x", "x_noisy", "y"), mode=("train",))
    estimator.runner.traces.append(trained)
    scored = with_scored_batches(estimator, ("x", "normal", "y", "fake", "fake_score"))
    run_estimator("train", estimator)
    summary = estimator.system.summary
    for model in estimator.network.models:
        assert int(model.optimizer.iterations) == 4, model.name
    seen = trained.arrays("train")
    assert set(seen["y"]) == {3}  # only the normal digit is trained on
    noise = seen["x_noisy"] - seen["x"]
    assert np.std(noise) == pytest.approx(0.2, rel=0.1)
    for mode in ("eval", "test"):
        arrays = scored.arrays(mode)
        assert set(np.unique(arrays["y"])) > {3}, mode  # anomalies are scored too
        np.testing.assert_array_equal(arrays["normal"], arrays["y"] == 3)
        error = np.mean((arrays["fake"].astype("float64") - arrays["x"]) ** 2, axis=(1, 2, 3))
        assert summary.epoch_values(mode, "auc")[-1] == pytest.approx(
            roc_auc_score(arrays["normal"], arrays["fake_score"].reshape(-1)), abs=1e-6), mode
        assert summary.epoch_values(mode, "recon_auc")[-1] == pytest.approx(
            roc_auc_score(arrays["normal"], -error), abs=1e-6), mode
    assert sorted(path.name for path in tmp_path.glob("*.weights.h5")) == [
        "discriminator_best_auc.weights.h5", "reconstructor_best_recon_auc.weights.h5"]


def test_alocc_rejects_a_normal_class_that_is_not_a_digit():
    with pytest.raises(Exception, match="normal_digit must be a digit 0-9; got 10"):
        build_estimator(APP, ["--normal_digit", "10"])
