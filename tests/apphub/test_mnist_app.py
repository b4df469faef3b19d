import numpy as np
import pytest

from tests.apphub.app_runs import check_run, train_and_test, write_mnist


def test_mnist_app_trains_with_cosine_lr_keeps_the_best_weights_and_tests(tmp_path):
    write_mnist(tmp_path, train_samples=64, eval_samples=32)
    estimator, scored = train_and_test("image_classification/mnist/mnist.py", batch_size=8, cache_dir=tmp_path,
                               save_dir=tmp_path / "best", init_lr=0.01)
    check_run(estimator, scored, "ce", ["accuracy"])
    assert len(list((tmp_path / "best").glob("lenet*_best_accuracy.weights.h5"))) == 1
    rates = estimator.system.summary.epoch_values("train", estimator.network.models[0].name + "_lr")
    # FastEstimator's cosine over the 2 x 3 steps of the run: the rate at step 3, then at step 6 (the cycle's end)
    assert rates == pytest.approx([0.01 * (1 + np.cos(np.pi * 3 / 6)) / 2 + 1e-6 * (1 - np.cos(np.pi * 3 / 6)) / 2,
                                   1e-6], rel=1e-4)
