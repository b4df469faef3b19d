import importlib.util
import pathlib

from tests.apphub.app_runs import SCORES, check_scores, cross_entropy, with_scored_batches

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
    scored = with_scored_batches(estimator)
    summary = estimator.fit()
    assert len(summary.epoch_values("train", "ce")) == 2 and len(summary.epoch_values("eval", "accuracy")) == 2
    assert int(estimator.network.optimizer.iterations) == 6
    assert len(list(tmp_path.glob("*_best_accuracy.weights.h5"))) == 1
    estimator.test()
    assert [len(batch["x"]) for batch in scored.batches["test"]] == [16, 16]  # the 2 test steps it ran
    for mode in ("eval", "test"):
        check_scores(estimator, scored, mode, {"ce": cross_entropy, "accuracy": SCORES["accuracy"]})
