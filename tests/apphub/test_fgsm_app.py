import numpy as np

from tests.apphub.app_runs import SCORES, check_scores, cross_entropy, train


def test_fgsm_trains_on_the_average_loss_and_reports_clean_and_adversarial_accuracy(tmp_path):
    estimator, scored = train("adversarial_training/fgsm/fgsm.py", keys=("x", "y", "x_adv"), epochs=2,
                              batch_size=16, max_train_steps_per_epoch=3, max_eval_steps_per_epoch=2, epsilon=0.2,
                              save_dir=tmp_path, log_steps=0)
    estimator.test()
    summary = estimator.system.summary
    ce, ce_adv, average = (np.array(summary.epoch_values("train", key)) for key in ("ce", "ce_adv", "avg_ce"))
    np.testing.assert_allclose(average, (ce + ce_adv) / 2, rtol=1e-5)
    for mode in ("eval", "test"):  # clean scores from x, adversarial ones from the x_adv the network made
        check_scores(estimator, scored, mode, {"ce": cross_entropy, "accuracy": SCORES["accuracy"]})
        check_scores(estimator, scored, mode, {"ce_adv": cross_entropy, "adversarial_accuracy": SCORES["accuracy"]},
                     x="x_adv")
        clean, adversarial = (scored.arrays(mode)[key] for key in ("x", "x_adv"))
        steps = [np.clip(clean + direction * np.float32(0.2), 0, 1) for direction in (1, 0, -1)]
        assert np.all((adversarial == steps[0]) | (adversarial == steps[1]) | (adversarial == steps[2]))
        assert np.mean(adversarial != clean) > 0.5  # x + 0.2 * sign(gradient), clipped to [0, 1]
    (model,) = estimator.network.models  # named "lenet", with a suffix if an earlier test took the name
    assert (tmp_path / f"{model.name}_best_adversarial_accuracy.weights.h5").is_file()
    batch = {key: scored.batches["test"][0][key] for key in ("x", "y")}
    adversarial = estimator.network.evaluate(batch, verbose=0, return_dict=True)
    assert adversarial["ce_adv"] > adversarial["ce"]  # the perturbation raises the loss
    assert list(estimator.network.predict({"x": batch["x"]}, verbose=0)) == ["y_pred"]  # infer: no attack
