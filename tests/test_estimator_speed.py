"""The Estimator's steps per compiled call: several where no active Trace needs the batches in between
(Keras's steps_per_execution), one where one does, with the same steps, losses, weights and Summary."""
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.trace import Trace
from kerasfe.trace.metric import Accuracy
from tests.conftest import classifier_network, dense_model

MULTI_STEP = keras.backend.backend() != "torch"  # Keras's PyTorch trainer runs one step per call


class BatchLosses(Trace):
    """Records (mode, step, ce) after every batch it is called for (it needs every batch)."""

    def __init__(self, mode="train"):
        super().__init__(inputs="ce", mode=mode)
        self.seen = []

    def on_batch_end(self, data):
        step = self.system.global_step if self.system.mode == "train" else self.system.batch_idx
        self.seen.append((self.system.mode, step, float(data["ce"])))


class StepsPerCall(Trace):
    """Records the network's steps_per_execution in each epoch of each mode (no batch hooks)."""

    def __init__(self):
        super().__init__(mode=("train", "eval", "test"))
        self.per_call = []

    def on_epoch_end(self, data):
        self.per_call.append((self.system.mode, self.system.network.steps_per_execution))


def train(traces=(), steps_per_execution="auto", epochs=3, log_steps=None, train_steps=None):
    """Trains a fresh dense classifier (fixed initial weights) on 96 blob samples at batch 8 (12 steps an
    epoch, 10 with `train_steps=10`), evaluated and then tested on 48 (6 batches); returns (summary, weights,
    traces)."""
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 96)
    data = {"x": (rng.normal(size=(96, 4)) + 3.0 * np.eye(3, 4)[y]).astype("float32"), "y": y.astype("int64")}
    keras.utils.set_random_seed(0)
    model = fe.build(dense_model, "adam")
    held_out = {key: value[:48] for key, value in data.items()}
    pipeline = fe.Pipeline(train_data=data, eval_data=held_out, test_data=held_out, batch_size=8, seed=0)
    traces = [StepsPerCall(), *traces]
    estimator = fe.Estimator(pipeline, classifier_network(model), epochs=epochs, traces=traces, log_steps=log_steps,
                             max_train_steps_per_epoch=train_steps, steps_per_execution=steps_per_execution)
    estimator.fit("speed")
    summary = estimator.test()
    return summary, [np.array(w) for w in model.get_weights()], traces


TIMINGS = ("steps/sec", "epoch_time")  # measured, so only their steps can match


def assert_same_run(run, oracle):
    """Same Summary (same keys at the same steps; every value but the timings equal) and same final weights."""
    (summary, weights, _), (oracle_summary, oracle_weights, _) = run, oracle
    assert {mode: {key: list(values) for key, values in history.items()} for mode, history in summary.history.items()} \
        == {mode: {key: list(values) for key, values in history.items()}
            for mode, history in oracle_summary.history.items()}
    for mode, history in oracle_summary.history.items():
        for key, values in history.items():
            if key not in TIMINGS:
                assert summary.history[mode][key] == values, (mode, key)
    for weight, oracle_weight in zip(weights, oracle_weights):
        np.testing.assert_array_equal(weight, oracle_weight)


def per_call(run):
    """The steps per call of each train and eval epoch (then of the test)."""
    return run[2][0].per_call


TEST = [("test", 6 if MULTI_STEP else 1)]  # the test data's 6 batches need no Trace's batches
ONE_STEP = [("train", 1), ("eval", 1)] * 3 + [("test", 1)]


def test_without_per_batch_traces_an_epoch_runs_in_one_call_with_the_same_results():
    run, oracle = train(), train(steps_per_execution=1)
    assert per_call(run) == ([("train", 12), ("eval", 6)] * 3 + TEST if MULTI_STEP else ONE_STEP)
    assert per_call(oracle) == ONE_STEP
    assert_same_run(run, oracle)
    assert sorted(run[0].history["train"]["ce"]) == [12, 24, 36]


def test_max_train_steps_keeps_the_exact_steps_and_the_limit_bounds_the_steps_per_call():
    run, oracle = train(train_steps=10, steps_per_execution=4), train(train_steps=10, steps_per_execution=1)
    assert per_call(run) == ([("train", 2), ("eval", 3)] * 3 + [("test", 3)] if MULTI_STEP else ONE_STEP)
    assert_same_run(run, oracle)
    assert sorted(run[0].history["train"]["ce"]) == [10, 20, 30]


def test_a_trace_needing_every_batch_sees_every_batch_at_one_step_per_call():
    run = train([BatchLosses(mode=("train", "eval"))])
    oracle = train([BatchLosses(mode=("train", "eval"))], steps_per_execution=1)
    assert per_call(run) == [("train", 1), ("eval", 1)] * 3 + TEST
    seen = run[2][1].seen
    assert [step for mode, step, _ in seen if mode == "train"] == list(range(1, 37))
    assert [step for mode, step, _ in seen if mode == "eval"] == list(range(1, 7)) * 3
    assert seen == oracle[2][1].seen
    assert_same_run(run, oracle)


def test_only_the_mode_whose_traces_need_every_batch_runs_one_step_per_call():
    run = train([BatchLosses(mode="eval"), Accuracy("y", "y_pred", mode="eval")])
    oracle = train([BatchLosses(mode="eval"), Accuracy("y", "y_pred", mode="eval")], steps_per_execution=1)
    assert per_call(run) == [("train", 12 if MULTI_STEP else 1), ("eval", 1)] * 3 + TEST
    assert run[2][1].seen == oracle[2][1].seen and len(run[2][1].seen) == 18
    assert_same_run(run, oracle)


def test_keras_callbacks_with_batch_hooks_see_every_batch():
    class Batches(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.batches = []

        def on_train_batch_end(self, batch, logs=None):
            self.batches.append(batch)

    callback = Batches()
    run = train([callback, keras.callbacks.History()], epochs=2)
    assert per_call(run) == [("train", 1), ("eval", 6 if MULTI_STEP else 1)] * 2 + TEST
    assert callback.batches == list(range(12)) * 2


def test_logging_at_log_steps_logs_the_same_steps(capsys):
    def lines(run_kwargs):
        run = train(log_steps=5, train_steps=10, **run_kwargs)
        printed = [line.split("; steps/sec")[0].split("; epoch_time")[0].split("; total_time")[0]
                   for line in capsys.readouterr().out.splitlines()]
        return run, printed

    (run, printed), (oracle, oracle_printed) = lines({}), lines({"steps_per_execution": 1})
    # step 1 is logged, so epoch 1 runs one step per call; epochs 2 and 3 log steps 15, 20 and 25, 30
    assert per_call(run) == ([("train", 1), ("eval", 6), ("train", 5), ("eval", 6), ("train", 5), ("eval", 6)]
                             + TEST if MULTI_STEP else ONE_STEP)
    assert printed == oracle_printed
    assert [line.split(";")[0] for line in printed if line.startswith("FastEstimator-Train")] == \
        [f"FastEstimator-Train: step: {step}" for step in (1, 5, 10, 15, 20, 25, 30)]  # a log step ending an epoch: once
    assert_same_run(run, oracle)
    assert sorted(run[0].history["train"]["steps/sec"]) == [5, 10, 15, 20, 25, 30]


@pytest.mark.parametrize("value", [0, -2, 1.5, "fast", None])
def test_steps_per_execution_is_checked(value):
    with pytest.raises(ConfigError, match=f"steps_per_execution must be 'auto' or an int >= 1; got {value!r}"):
        train(steps_per_execution=value)
