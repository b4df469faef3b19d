import importlib.util
import pathlib

import numpy as np
import pytest

APP = pathlib.Path(__file__).parents[2] / "apphub" / "image_classification" / "digits" / "digits.py"


def load_app():
    spec = importlib.util.spec_from_file_location("digits_app", APP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_app_trains_evaluates_and_tests_a_few_steps(tmp_path):
    app = load_app()
    estimator = app.get_estimator(epochs=2, batch_size=16, max_train_steps_per_epoch=3, max_eval_steps_per_epoch=2,
                                  save_dir=str(tmp_path), log_steps=None)
    summary = estimator.fit()
    assert len(summary.epoch_values("train", "ce")) == 2 and len(summary.epoch_values("eval", "accuracy")) == 2
    assert int(estimator.network.optimizer.iterations) == 6
    assert len(list(tmp_path.glob("*_best_accuracy.weights.h5"))) == 1
    estimator.test()
    batches = estimator.pipeline.get_results("test", num_steps=2)  # the 2 test steps the estimator ran
    images, labels = (np.concatenate([batch[key] for batch in batches]) for key in ("x", "y"))
    predicted = estimator.network.predict({"x": images}, verbose=0)["y_pred"].argmax(-1)
    assert summary.epoch_values("test", "accuracy")[0] == pytest.approx(float((predicted == labels).mean()))
