import importlib.util
import pathlib

APP = pathlib.Path(__file__).parents[2] / "apphub" / "image_classification" / "digits" / "digits.py"


def load_app():
    spec = importlib.util.spec_from_file_location("digits_app", APP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_app_trains_evaluates_and_tests_a_few_steps():
    app = load_app()
    estimator = app.get_estimator(epochs=2, batch_size=16, max_train_steps_per_epoch=3, max_eval_steps_per_epoch=2)
    history = estimator.fit()
    assert len(history["train"]["ce"]) == 2 and len(history["eval"]["ce"]) == 2
    assert int(estimator.network.optimizer.iterations) == 6
    assert "ce" in estimator.test()
    assert 0.0 <= app.test_accuracy(estimator) <= 1.0
