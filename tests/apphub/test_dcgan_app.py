import numpy as np

from tests.apphub.app_runs import train, write_mnist


def test_dcgan_trains_both_models_and_saves_generator_and_images(tmp_path):
    write_mnist(tmp_path)
    estimator = train("image_generation/dcgan/dcgan.py", epochs=2, batch_size=8, max_train_steps_per_epoch=3,
                      max_eval_steps_per_epoch=1, cache_dir=tmp_path, latent_dim=8, save_dir=tmp_path / "out",
                      log_steps=0)
    summary = estimator.system.summary
    for mode in ("train", "eval"):
        for key in ("g_loss", "d_loss"):
            values = summary.epoch_values(mode, key)
            assert len(values) == 2 and np.all(np.isfinite(values)), (mode, key, values)
    generator, discriminator = estimator.network.models
    assert int(generator.optimizer.iterations) == 6 and int(discriminator.optimizer.iterations) == 6
    saved = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert [name for name in saved if name.endswith(".h5")] == [f"{generator.name}_epoch_{epoch}.weights.h5"
                                                                for epoch in (1, 2)]
    assert "fake_eval_epoch_2_3.png" in saved
    fakes = estimator.network.predict({"x": np.zeros((5, 28, 28, 1), "float32")}, verbose=0)["fake"]
    assert fakes.shape == (5, 28, 28, 1) and np.all(np.abs(fakes) <= 1)
    assert not np.allclose(fakes[0], fakes[1])  # a new latent vector per sample
