import numpy as np
import pytest

from tests.apphub.app_runs import train, write_mnist


def softplus(values):
    """log(1 + exp(values)) in float64: the binary cross-entropy of a logit against label 0 (of -logit: label 1)."""
    return np.logaddexp(0.0, np.asarray(values, "float64"))


def test_dcgan_trains_both_models_and_saves_generator_and_images(tmp_path):
    write_mnist(tmp_path)
    estimator, scored = train("image_generation/dcgan/dcgan.py", keys=("x", "z"), epochs=2, batch_size=8,
                              max_train_steps_per_epoch=3, max_eval_steps_per_epoch=1, cache_dir=tmp_path,
                              latent_dim=8, save_dir=tmp_path / "out", log_steps=0)
    summary = estimator.system.summary
    for mode in ("train", "eval"):
        for key in ("g_loss", "d_loss"):
            assert len(summary.epoch_values(mode, key)) == 2, (mode, key)
    generator, discriminator = estimator.network.models
    assert int(generator.optimizer.iterations) == 6 and int(discriminator.optimizer.iterations) == 6
    # the last evaluation's losses, recomputed from its real images and latent vectors with the final weights
    batch = scored.arrays("eval")
    fake_score = discriminator.predict(generator.predict(batch["z"], verbose=0), verbose=0)
    real_score = discriminator.predict(batch["x"], verbose=0)
    assert summary.epoch_values("eval", "g_loss")[-1] == pytest.approx(softplus(-fake_score).mean(), rel=1e-4)
    assert summary.epoch_values("eval", "d_loss")[-1] == pytest.approx(
        softplus(-real_score).mean() + softplus(fake_score).mean(), rel=1e-4)
    saved = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert [name for name in saved if name.endswith(".h5")] == [f"{generator.name}_epoch_{epoch}.weights.h5"
                                                                for epoch in (1, 2)]
    assert "fake_eval_epoch_2_3.png" in saved
    predicted = estimator.network.predict({"x": np.zeros((5, 28, 28, 1), "float32")}, verbose=0)
    np.testing.assert_allclose(predicted["fake"], generator.predict(predicted["z"], verbose=0), atol=1e-5)
    assert predicted["fake"].shape == (5, 28, 28, 1) and len(np.unique(predicted["z"][:, 0])) == 5  # one z a sample
