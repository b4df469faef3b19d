import keras
import numpy as np
import pytest

from kerasfe.cli.app import build_estimator
from kerasfe.schedule import one_cycle
from kerasfe.trace.adapt import LRScheduler
from tests.apphub.app_runs import APPHUB, check_run, train_and_test, write_cifar10

APP = "image_classification/wrn/wrn.py"


def check_mixed_precision(model):
    """Every layer computes in float16 (the logits too), every variable stays float32, the optimizer scales the
    loss."""
    convs = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    # WRN-10-1: the stem, 2 per block, and a 1x1 shortcut where the width changes (not in the first group)
    assert len(convs) == 1 + 2 + 3 + 3 and {layer.compute_dtype for layer in convs} == {"float16"}
    assert {layer.compute_dtype for layer in model.layers if isinstance(layer, keras.layers.Dense)} == {"float16"}
    assert model.output.dtype == "float16" and model.layers[-1].activation is keras.activations.linear
    assert {variable.dtype for variable in model.variables} == {"float32"}
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)


def test_wrn_app_builds_a_mixed_precision_wrn_a_one_cycle_rate_and_cutout(tmp_path):
    write_cifar10(tmp_path)
    estimator = build_estimator(APPHUB / APP, ["--epochs", "3", "--batch_size", "8", "--depth", "10",
                                               "--widen_factor", "1", "--cache_dir", str(tmp_path)])
    model = estimator.network.models[0]
    check_mixed_precision(model)
    # one cycle over the run's 3 epochs of 5 steps (40 images / 8), peak 0.1 * 8 / 128 at step 0.3 * 15
    scheduler = next(trace for trace in estimator.traces if isinstance(trace, LRScheduler))
    rates = [float(scheduler.lr_fn(step)) for step in range(1, 16)]
    peak = 0.1 * 8 / 128
    assert rates[0] == pytest.approx(peak / 25) and max(rates) == pytest.approx(peak, rel=0.02)
    assert rates == pytest.approx([float(one_cycle(s, total_steps=15, max_lr=peak, pct_start=0.3))
                                   for s in range(1, 16)]) and rates[-1] == pytest.approx(peak / 25e4)
    batch = estimator.pipeline.get_results("train", num_steps=1)[0]
    assert batch["x"].shape == (8, 32, 32, 3) and batch["x"].dtype == np.float32 and batch["y"].shape == (8,)
    # cutout: each training image holds a 16x16 hole of zeros (after the crop, at least part of it)
    holes = [np.sum(np.all(image == 0, axis=-1)) for image in np.asarray(batch["x"])]
    assert all(count >= 16 * 8 for count in holes) and max(holes) >= 16 * 16


@pytest.mark.slow
def test_wrn_app_trains_evaluates_and_tests_in_mixed_precision(tmp_path):
    write_cifar10(tmp_path)
    estimator, scored = train_and_test(APP, batch_size=8, depth=10, widen_factor=1, cache_dir=tmp_path,
                                       save_dir=tmp_path / "best")
    check_run(estimator, scored, "ce", ["accuracy"], from_logits=True)
    assert len(list((tmp_path / "best").glob("wrn_10_1*_best_accuracy.weights.h5"))) == 1
    model = estimator.network.models[0]
    check_mixed_precision(model)
    # one cycle over the 6 steps of the run, logged after each epoch's last step (3 and 6)
    rates = estimator.system.summary.epoch_values("train", model.name + "_lr")
    expected = [float(one_cycle(step, total_steps=6, max_lr=0.1 * 8 / 128, pct_start=0.3)) for step in (3, 6)]
    assert rates == pytest.approx(expected, rel=1e-5)
