import pathlib

import numpy as np
import pytest

from kerasfe.cli.app import load_app
from tests.apphub.app_runs import APPHUB, train, write_image

APP = "image_generation/cyclegan/cyclegan.py"


def write_domains(root, seed=0):
    """horse2zebra's layout with tiny images: plain dark squares (A) and striped bright ones (B)."""
    rng = np.random.default_rng(seed)
    for split, count in (("train", 5), ("test", 2)):
        for index in range(count):
            plain = rng.integers(0, 100, (20, 24, 3))
            stripes = np.where((np.arange(24) // 3 % 2)[None, :, None], 250, rng.integers(100, 200, (20, 24, 3)))
            write_image(root / f"{split}A" / f"{index}.png", plain)
            write_image(root / f"{split}B" / f"{index}.jpg", stripes)
    write_image(root / "trainB" / "5.jpg", rng.integers(0, 255, (18, 18, 3)))  # the domains differ in size


@pytest.mark.slow
def test_cyclegan_trains_four_models_and_saves_generators_and_translations(tmp_path):
    write_domains(tmp_path / "data")
    estimator, scored = train(APP, keys=("a", "b"), data_dir=tmp_path / "data", epochs=1, batch_size=2,
                              max_train_steps_per_epoch=2, max_eval_steps_per_epoch=1, image_size=16, filters=2,
                              num_residual_blocks=1, discriminator_layers=2, save_dir=tmp_path / "out", log_steps=0)
    summary = estimator.test()
    g_ab, g_ba, d_a, d_b = (lambda images, model=model: np.asarray(model.predict(images, verbose=0), "float64")
                            for model in estimator.network.models)
    a, b = (scored.arrays("test")[key] for key in ("a", "b"))  # the test's one batch, scored with the final weights
    fake_a, fake_b = g_ba(b), g_ab(a)
    cycle_a, cycle_b = np.abs(g_ba(fake_b) - a).mean(), np.abs(g_ab(fake_a) - b).mean()
    identity_a, identity_b = np.abs(g_ba(a) - a).mean(), np.abs(g_ab(b) - b).mean()
    expected = {"cycle_a": cycle_a, "identity_b": identity_b,
                "d_a_loss": 0.5 * (((d_a(a) - 1) ** 2).mean() + (d_a(fake_a) ** 2).mean()),
                "d_b_loss": 0.5 * (((d_b(b) - 1) ** 2).mean() + (d_b(fake_b) ** 2).mean()),
                "g_ab_loss": ((d_b(fake_b) - 1) ** 2).mean() + 10 * (cycle_a + cycle_b) + 5 * identity_b,
                "g_ba_loss": ((d_a(fake_a) - 1) ** 2).mean() + 10 * (cycle_a + cycle_b) + 5 * identity_a}
    logged = {key: summary.epoch_values("test", key)[0] for key in expected}
    assert logged == pytest.approx(expected, rel=1e-4, abs=1e-6)
    for mode in ("train", "eval"):
        for key in expected:
            assert len(summary.epoch_values(mode, key)) == 1, (mode, key)
    train_logs = {key: summary.epoch_values("train", key)[0]
                  for key in ("g_ab_loss", "adversarial_ab", "cycle_a", "cycle_b", "identity_b")}
    expected = train_logs["adversarial_ab"] + 10 * (train_logs["cycle_a"] + train_logs["cycle_b"]) \
        + 5 * train_logs["identity_b"]
    np.testing.assert_allclose(train_logs["g_ab_loss"], expected, rtol=1e-5)
    assert [int(model.optimizer.iterations) for model in estimator.network.models] == [2, 2, 2, 2]
    saved = {path.name for path in (tmp_path / "out").iterdir()}
    g_ab, g_ba = estimator.network.models[:2]
    assert {f"{g_ab.name}_epoch_1.weights.h5", f"{g_ba.name}_epoch_1.weights.h5", "fake_b_eval_epoch_1_0.png",
            "fake_a_test_epoch_1_1.png"} <= saved
    translated = estimator.network.predict({"a": np.zeros((1, 16, 16, 3), "float32"),
                                            "b": np.zeros((1, 16, 16, 3), "float32")}, verbose=0)
    assert sorted(translated) == ["fake_a", "fake_b"] and translated["fake_b"].shape == (1, 16, 16, 3)


def test_unpaired_samples_cover_the_larger_domain_and_repeat_the_smaller(tmp_path):
    write_domains(tmp_path)
    samples = list(load_app(APPHUB / APP).unpaired(tmp_path / "trainA", tmp_path / "trainB", seed=1))
    assert len(samples) == 6
    assert sorted(pathlib.Path(str(s["b"])).name for s in samples) == [f"{i}.jpg" for i in range(6)]
    a_names = [pathlib.Path(str(s["a"])).name for s in samples]
    assert sorted(set(a_names)) == [f"{i}.png" for i in range(5)] and len(a_names) == 6
