import numpy as np
import pytest

from tests.apphub.app_runs import check_run, train_and_test, write_cifar10


@pytest.mark.slow
def test_cifar10_fast_app_trains_resnet9_with_one_cycle_lr(tmp_path):
    write_cifar10(tmp_path)
    estimator, scored = train_and_test("image_classification/cifar10_fast/cifar10_fast.py", batch_size=8, filters=4,
                               max_lr=0.8, cache_dir=tmp_path, save_dir=tmp_path / "best")
    check_run(estimator, scored, "ce", ["accuracy"])
    assert len(list((tmp_path / "best").glob("resnet9*_best_accuracy.weights.h5"))) == 1
    model = estimator.network.models[0]
    assert model.input_shape == (None, 32, 32, 3) and model.layers[1].filters == 4
    rates = estimator.system.summary.epoch_values("train", model.name + "_lr")
    # one cycle over 6 steps, peak 0.8 * 8 / 512 at step 1 + 0.2 * 6 - 1, then down to peak / 25 / 1e4 at step 6
    peak = 0.8 * 8 / 512
    assert rates[1] == pytest.approx(peak / 25 / 1e4, rel=1e-3) and rates[0] < peak
    batch = estimator.pipeline.get_results("train", num_steps=1)[0]
    assert batch["y"].shape == (8, 10) and np.allclose(batch["y"].max(-1), 0.82) and batch["x"].dtype == np.float32
