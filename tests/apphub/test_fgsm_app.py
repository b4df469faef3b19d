import numpy as np
from tests.apphub.app_runs import train


def test_fgsm_trains_on_the_average_loss_and_reports_clean_and_adversarial_accuracy(tmp_path):
    estimator = train("adversarial_training/fgsm/fgsm.py", epochs=2, batch_size=16, max_train_steps_per_epoch=3,
                      max_eval_steps_per_epoch=2, epsilon=0.2, save_dir=tmp_path, log_steps=0)
    estimator.test()
    summary = estimator.system.summary
    ce, ce_adv, average = (np.array(summary.epoch_values("train", key)) for key in ("ce", "ce_adv", "avg_ce"))
    np.testing.assert_allclose(average, (ce + ce_adv) / 2, rtol=1e-5)
    for mode in ("eval", "test"):
        for key in ("accuracy", "adversarial_accuracy"):
            assert 0 <= summary.epoch_values(mode, key)[-1] <= 1, (mode, key)
    (model,) = estimator.network.models  # named "lenet", with a suffix if an earlier test took the name
    assert (tmp_path / f"{model.name}_best_adversarial_accuracy.weights.h5").is_file()
    images = estimator.pipeline.get_results("test", num_steps=1)[0]
    batch = {key: images[key] for key in ("x", "y")}
    adversarial = estimator.network.evaluate(batch, verbose=0, return_dict=True)
    assert adversarial["ce_adv"] > adversarial["ce"]  # the perturbation raises the loss
    assert list(estimator.network.predict({"x": batch["x"]}, verbose=0)) == ["y_pred"]  # infer: no attack
