"""The Network's host stage: Slicers (each slice one step, outputs put back together) and pops (NumpyOps on the
outputs of every batch, in every mode, and on predict), outside the compiled step."""
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.numpyop import LambdaOp
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from kerasfe.slicer import AxisSlicer, MeanUnslicer, SlidingSlicer
from kerasfe.trace import Trace

RNG = np.random.default_rng(0)


def _regression(model, **kwargs):
    return fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                           UpdateOp(model=model, loss_name="mse")], **kwargs)


def _pointwise():
    return fe.build(lambda: keras.Sequential([keras.Input((None, None, 2)), keras.layers.Conv2D(3, 1)]), "sgd")


def test_a_pointwise_network_on_tiles_predicts_what_it_predicts_on_the_whole_image():
    model = _pointwise()
    images = RNG.normal(size=(3, 8, 8, 2)).astype("float32")
    whole = _regression(model).predict({"x": images}, batch_size=3, verbose=0)["y_pred"]
    tiled = _regression(model, slicers=SlidingSlicer(window_size=[-1, 4, 4, -1], slice="x", unslice="y_pred"))
    np.testing.assert_allclose(tiled.predict({"x": images}, batch_size=2)["y_pred"], whole, rtol=1e-5, atol=1e-6)
    volumes = RNG.normal(size=(2, 5, 4)).astype("float32")
    dense = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    by_depth = fe.Network(ops=[ModelOp(model=dense, inputs="x", outputs="y_pred")],
                          slicers=AxisSlicer(axis=1, slice="x", unslice="y_pred"))
    np.testing.assert_allclose(by_depth.predict({"x": volumes})["y_pred"],
                               keras.ops.convert_to_numpy(dense(volumes.reshape(10, 4))).reshape(2, 5, 3), rtol=1e-5,
                               atol=1e-6)


def test_training_on_slices_steps_the_optimizer_once_per_slice():
    x = RNG.normal(size=(8, 3, 4)).astype("float32")
    y = RNG.normal(size=(8, 3, 2)).astype("float32")

    def build():
        keras.utils.set_random_seed(1)
        return fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]),
                        lambda: keras.optimizers.SGD(0.1))

    sliced_model, plain_model = build(), build()
    sliced = _regression(sliced_model, slicers=AxisSlicer(axis=1, slice=["x", "y"]))
    sliced.fit({"x": x, "y": y}, batch_size=4, verbose=0)
    slices = ({"x": x[start:start + 4, depth], "y": y[start:start + 4, depth]} for start in (0, 4) for depth in range(3))
    _regression(plain_model).fit(slices, steps_per_epoch=6, verbose=0)
    assert int(sliced_model.optimizer.iterations) == 6
    for got, expected in zip(sliced_model.get_weights(), plain_model.get_weights()):
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ConfigError, match="with slicers, call fit once per epoch"):
        sliced.fit({"x": x, "y": y}, batch_size=4, epochs=2, verbose=0)


class Record(Trace):
    """Keeps what it reads at the end of every batch, per mode."""

    def __init__(self, inputs):
        super().__init__(inputs=inputs, mode=None)
        self.seen = {}

    def on_batch_end(self, data):
        self.seen.setdefault(self.system.mode, []).append({key: np.asarray(data[key]) for key in self.inputs})


def test_pops_run_on_every_batch_of_every_mode_and_on_predict_after_unslicing():
    model = _pointwise()
    data = {"x": RNG.normal(size=(4, 8, 8, 2)).astype("float32"), "y": RNG.normal(size=(4, 8, 8, 3)).astype("float32")}
    pops = [LambdaOp(fn=lambda p: np.argmax(p, axis=-1), inputs="y_pred", outputs="label"),
            LambdaOp(fn=lambda label: label.mean(), inputs="label", outputs="mean_label"),
            LambdaOp(fn=lambda label: label + 100, inputs="label", outputs="eval_only", mode="eval")]
    network = _regression(model, pops=pops, slicers=[SlidingSlicer(window_size=[-1, 4, 8, -1], slice=["x", "y"],
                                                                   unslice="y_pred"), MeanUnslicer(unslice="mse")])
    assert set(network.bus_keys["train"]) == set()
    record = Record(inputs=["y_pred", "label", "mean_label", "x", "mse"])
    evaluation = Record(inputs=["eval_only"])
    evaluation.mode = {"eval"}
    estimator = fe.Estimator(fe.Pipeline(train_data=data, eval_data=data, test_data=data, batch_size=2), network,
                             epochs=1, traces=[record, evaluation], log_steps=None)
    estimator.fit()
    estimator.test()
    assert {mode: len(batches) for mode, batches in record.seen.items()} == {"train": 2, "eval": 2, "test": 2}
    for mode in ("eval", "test"):
        for batch in record.seen[mode]:  # the weights no longer change: y_pred is the model on the whole image
            whole = keras.ops.convert_to_numpy(model(batch["x"]))
            np.testing.assert_allclose(batch["y_pred"], whole, rtol=1e-5, atol=1e-6)
            np.testing.assert_array_equal(batch["label"], np.argmax(batch["y_pred"], axis=-1))
            np.testing.assert_allclose(batch["mean_label"], batch["label"].reshape(2, -1).mean(axis=1))
            assert batch["mse"].shape == ()
    for batch, recorded in zip(evaluation.seen["eval"], record.seen["eval"]):
        np.testing.assert_array_equal(batch["eval_only"], recorded["label"] + 100)
    assert "eval_only" not in network.written_keys("train") and "label" in network.written_keys("train")
    predicted = network.predict(data, batch_size=3)  # (its Slicer cuts "y" too)
    assert sorted(predicted) == ["label", "mean_label", "y_pred"]
    np.testing.assert_array_equal(predicted["label"], np.argmax(keras.ops.convert_to_numpy(model(data["x"])), -1))


def test_pops_alone_keep_one_step_per_batch_and_no_host_stage_keeps_the_step_as_it_is():
    model = _pointwise()
    plain = _regression(model)
    assert not plain.host_stage
    plain.bus_keys = ["y_pred"]
    assert plain.bus_keys["train"] == ("y_pred",)
    popped = _regression(model, pops=LambdaOp(fn=lambda p: p * 2, inputs="y_pred", outputs="double"))
    popped.bus_keys = ["double"]
    assert popped.bus_keys["train"] == ("double", "y_pred")  # the pops' inputs leave the device
    x = RNG.normal(size=(4, 2, 2, 2)).astype("float32")
    predicted = popped.predict({"x": x}, batch_size=4)
    np.testing.assert_allclose(predicted["double"], 2 * predicted["y_pred"])
    with pytest.raises(ConfigError, match="cannot be saved whole"):
        popped.get_config()
    with pytest.raises(WrongTypeError, match="pops must be NumpyOps"):
        _regression(model, pops=[ModelOp(model=model, inputs="x", outputs="z")])
    with pytest.raises(WrongTypeError, match="slicers must be Slicers"):
        _regression(model, slicers=["x"])
