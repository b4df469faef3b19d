import numpy as np

from tests.apphub.app_runs import SCORES, check_scores, cross_entropy, train


def test_ecc_trains_hadamard_heads_and_reports_clean_and_adversarial_accuracy(tmp_path):
    estimator, scored = train("adversarial_training/ecc/ecc.py", keys=("x", "y", "x_adverse"), epochs=1,
                              batch_size=16, max_train_steps_per_epoch=3, max_eval_steps_per_epoch=2, filters=4,
                              head_units=4, epsilon=0.2, save_dir=tmp_path, log_steps=0)
    (model,) = estimator.network.models
    assert model.layers[-1].__class__.__name__ == "HadamardCode" and model.output_shape == (None, 10)
    check_scores(estimator, scored, "eval", {"base_ce": cross_entropy, "base_accuracy": SCORES["accuracy"]})
    check_scores(estimator, scored, "eval", {"adv_ce": cross_entropy, "adversarial_accuracy": SCORES["accuracy"]},
                 x="x_adverse")
    summary = estimator.system.summary
    base, adversarial, average = (summary.epoch_values("eval", key)[-1] for key in ("base_ce", "adv_ce", "avg_ce"))
    np.testing.assert_allclose(average, (base + adversarial) / 2, rtol=1e-5)
    clean, attacked = (scored.arrays("eval")[key] for key in ("x", "x_adverse"))
    steps = [np.clip(clean + direction * np.float32(0.2), 0, 1) for direction in (1, 0, -1)]
    assert np.all((attacked == steps[0]) | (attacked == steps[1]) | (attacked == steps[2]))  # x + 0.2 sign(grad)
    assert np.mean(attacked != clean) > 0.3
    assert "adv_ce" not in summary.history["train"]  # the attack runs in eval and test only
    assert (tmp_path / f"{model.name}_best_avg_ce.weights.h5").is_file()
