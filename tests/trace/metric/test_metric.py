import numpy as np
import pytest
from sklearn import metrics

import kerasfe as fe
from kerasfe.trace.metric import Accuracy, F1Score
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import estimator


def test_metrics_in_the_estimator_equal_scikit_learn_on_the_network_predictions(blobs):
    est = estimator(blobs, [Accuracy("y", "y_pred"), F1Score("y", "y_pred", average="macro")], epochs=2)
    summary = est.fit()
    labels = est.network.predict({"x": blobs["x"]}, batch_size=64, verbose=0)["y_pred"].argmax(-1)
    assert summary.epoch_values("eval", "accuracy")[-1] == pytest.approx(metrics.accuracy_score(blobs["y"], labels))
    assert summary.epoch_values("eval", "f1_score")[-1] == pytest.approx(
        metrics.f1_score(blobs["y"], labels, average="macro"))
    assert "accuracy" not in summary.history["train"]  # metrics run in eval and test by default


def test_per_ds_logs_each_data_set_and_the_metric_over_all_of_them(blobs):
    """FastEstimator's per_ds: with several eval data sets a metric logs `key|ds_id` for each and `key` over all of
    them (not the mean of the per-data-set values); per_ds=False logs only the one over all of them."""
    noisy = {"x": blobs["x"] + np.random.default_rng(1).normal(scale=4.0, size=blobs["x"].shape).astype("float32"),
             "y": blobs["y"]}
    few = {"x": noisy["x"][:16], "y": noisy["y"][:16]}  # unequal sizes: a mean of the two would differ
    network = classifier_network(fe.build(dense_model, "adam"))
    pipeline = fe.Pipeline(train_data=blobs, eval_data={"clean": blobs, "few": few}, batch_size=16, seed=0)
    summary = fe.Estimator(pipeline, network, epochs=1, log_steps=0,
                           traces=[Accuracy("y", "y_pred"), F1Score("y", "y_pred", average="macro", per_ds=False)]
                           ).fit()
    logged = summary.history["eval"]
    predicted = {name: network.predict({"x": data["x"]}, verbose=0)["y_pred"].argmax(-1)
                 for name, data in (("clean", blobs), ("few", few))}
    for name, data in (("clean", blobs), ("few", few)):
        assert summary.epoch_values("eval", f"accuracy|{name}")[-1] == pytest.approx(np.mean(predicted[name] ==
                                                                                             data["y"]))
    every_prediction = np.concatenate([predicted["clean"], predicted["few"]])
    every_label = np.concatenate([blobs["y"], few["y"]])
    assert summary.epoch_values("eval", "accuracy")[-1] == pytest.approx(np.mean(every_prediction == every_label))
    assert summary.epoch_values("eval", "f1_score")[-1] == pytest.approx(
        metrics.f1_score(every_label, every_prediction, average="macro"))
    assert not any(key.startswith("f1_score|") for key in logged)
