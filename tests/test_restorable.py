import numpy as np

from kerasfe.trace.adapt import EarlyStopping
from kerasfe.trace.io import BestModelSaver
from kerasfe.trace.metric import Accuracy
from tests.conftest import dense_model


def test_a_trace_state_carries_its_counters_and_monitor_but_not_its_settings():
    stop = EarlyStopping(monitor="ce", patience=4)
    stop.monitor.update(0.5)
    stop.monitor.update(0.7)
    stop.best_weights = [np.ones(2)]
    state = stop.get_state()
    assert state["monitor"] == {"best": 0.5, "since_best": 1}  # the key, compare and min_delta are settings
    assert "inputs" not in state and "mode" not in state and "system" not in state
    fresh = EarlyStopping(monitor="ce", patience=4)
    fresh.set_state(state)
    assert (fresh.monitor.best, fresh.monitor.since_best, fresh.monitor.key) == (0.5, 1, "ce")
    np.testing.assert_array_equal(fresh.best_weights[0], np.ones(2))


def test_objects_that_are_not_plain_data_stay_out_of_the_state(tmp_path):
    saver = BestModelSaver(dense_model(), str(tmp_path), metric="accuracy", save_best_mode="max")
    assert sorted(saver.get_state()) == ["architecture_path", "load_best_final", "metric", "monitor", "path",
                                        "save_architecture", "save_dir"]  # no model
    accuracy = Accuracy(true_key="y", pred_key="y_pred")
    accuracy.on_batch_end({"y": np.array([1, 0]), "y_pred": np.array([[0.2, 0.8], [0.6, 0.4]])})
    fresh = Accuracy(true_key="y", pred_key="y_pred")
    fresh.set_state(accuracy.get_state())
    assert [array.tolist() for array in fresh.get_state()["_true"]] == [[1, 0]]
