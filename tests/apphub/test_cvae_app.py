import numpy as np
import pytest

from tests.apphub.app_runs import train_and_test

APP = "image_generation/cvae/cvae.py"


def test_cvae_loss_is_reconstruction_plus_kl_and_samples_are_saved(tmp_path):
    estimator, scored = train_and_test(APP, epochs=2, train_steps=2, eval_steps=1, keys=("x", "y_onehot", "z"),
                                       batch_size=32, latent_dim=2, filters=4, save_dir=tmp_path)
    summary = estimator.system.summary
    encoder, decoder = estimator.network.models
    assert int(encoder.optimizer.iterations) == 4 and int(decoder.optimizer.iterations) == 4
    assert len(summary.epoch_values("test", "loss")) == 1
    # the last evaluation's loss, recomputed in numpy from its batch, its drawn z and the weights at its end
    for model, weights in zip(estimator.network.models, scored.weights["eval"]):
        model.set_weights(weights)
    batch = scored.arrays("eval")
    mean, log_var = (np.asarray(part, "float64") for part in encoder.predict(batch["x"], verbose=0))
    x_pred = np.clip(decoder.predict([batch["z"], batch["y_onehot"]], verbose=0).astype("float64"), 1e-7, 1 - 1e-7)
    x = batch["x"].astype("float64")
    reconstruction = -(x * np.log(x_pred) + (1 - x) * np.log(1 - x_pred)).sum(axis=(1, 2, 3))
    kl = 0.5 * (np.exp(log_var) + mean ** 2 - 1 - log_var).sum(-1)
    assert summary.epoch_values("eval", "kl")[-1] == pytest.approx(kl.mean(), rel=1e-4, abs=1e-6)
    assert summary.epoch_values("eval", "loss")[-1] == pytest.approx((reconstruction + kl).mean(), rel=1e-4)
    assert sorted(path.name for path in tmp_path.glob("samples_epoch_*.png")) == ["samples_epoch_1.png",
                                                                                   "samples_epoch_2.png"]
