import kerasfe as fe
from kerasfe.summary import System
from kerasfe.util import get_num_devices
from tests.conftest import classifier_network, dense_model


def test_fastestimator_system_arguments_set_the_loop_state():
    system = System(network=None, pipeline=None, traces=["t"], mode="eval", ds_id="a", num_devices=3, log_steps=5,
                    total_epochs=4, train_steps_per_epoch=7, eval_steps_per_epoch=2, eval_log_steps=[1, 2],
                    system_config=["table"])
    assert (system.traces, system.mode, system.ds_id, system.mode_ds_ids, system.num_devices) == (
        ["t"], "eval", "a", ["a"], 3)
    assert (system.log_steps, system.total_epochs, system.eval_log_steps, system.system_config) == (
        5, 4, [1, 2], ["table"])
    assert (system.train_steps_per_epoch, system.max_train_steps_per_epoch) == (7, 7)
    assert (system.eval_steps_per_epoch, system.max_eval_steps_per_epoch) == (2, 2)
    assert System(network=None).num_devices == get_num_devices()


def test_estimator_system_keeps_fastestimator_step_settings(blobs):
    pipeline = fe.Pipeline(train_data=fe.dataset.NumpyDataset(blobs), batch_size=8)
    estimator = fe.Estimator(pipeline=pipeline, network=classifier_network(fe.build(dense_model, "adam")), epochs=1,
                             train_steps_per_epoch=3, eval_log_steps=[1], log_steps=None)
    system = estimator.system
    assert (system.train_steps_per_epoch, system.max_train_steps_per_epoch, system.eval_log_steps) == (3, 3, [1])
    estimator.fit()
    assert system.global_step == 3 and system.traces  # the runner filled in every Trace
