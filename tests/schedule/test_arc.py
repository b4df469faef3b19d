"""ARC: its weights file (FastEstimator's Keras 2.4 H5 layout, made here), the cache and the offline error, its
inputs against a numpy oracle, and the learning rate it sets through LRScheduler."""
import h5py
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import DataError
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from kerasfe.schedule import ARC, arc
from kerasfe.trace.adapt import LRScheduler

SHAPES = {"conv1d": [(5, 3, 32), (32,)], "max_pooling1d": [], "conv1d_1": [(5, 32, 64), (64,)],
          "max_pooling1d_1": [], "lstm": [(64, 256), (64, 256), (256,)], "lstm_1": [(64, 256), (64, 256), (256,)],
          "dense": [(64, 32), (32,)], "dense_1": [(32, 3), (3,)]}  # FastEstimator's arc.h5, layer by layer
NAMES = {"lstm": ["lstm_cell/kernel", "lstm_cell/recurrent_kernel", "lstm_cell/bias"],
         "lstm_1": ["lstm_cell_1/kernel", "lstm_cell_1/recurrent_kernel", "lstm_cell_1/bias"]}


def write_arc_file(folder, last_bias):
    """An arc.h5 in FastEstimator's layout (tf.keras 2.4 `save_weights`: the layer groups in order, each with its
    `weight_names`), of random weights whose last bias is `last_bias`; returns the weights in layer order."""
    rng, weights = np.random.default_rng(0), []
    (folder / "datasets").mkdir(parents=True, exist_ok=True)
    with h5py.File(folder / "datasets" / "arc.h5", "w") as file:
        file.attrs["layer_names"] = np.array([name.encode() for name in SHAPES])
        file.attrs["backend"], file.attrs["keras_version"] = b"tensorflow", b"2.4.0"
        for name, shapes in SHAPES.items():
            group = file.create_group(name)
            names = [f"{name}/{weight}:0" for weight in NAMES.get(name, ["kernel", "bias"][:len(shapes)])]
            group.attrs["weight_names"] = np.array([n.encode() for n in names]) if shapes else np.array([])
            for weight_name, shape in zip(names, shapes):
                value = (0.1 * rng.normal(size=shape)).astype("float32")
                value = np.array(last_bias, "float32") if name == "dense_1" and len(shape) == 1 else value
                group.create_dataset(weight_name, data=value)
                weights.append(value)
    return weights


@pytest.fixture(scope="module")
def arc_cache(tmp_path_factory):
    """A cache folder holding an ARC weights file whose controller always chooses 0.618, and its weights."""
    folder = tmp_path_factory.mktemp("arc_cache")
    return folder, write_arc_file(folder, last_bias=[0.0, 0.0, 50.0])


def test_arc_loads_the_weights_file_from_its_cache(arc_cache):
    folder, weights = arc_cache
    controller = ARC(frequency=2, cache_dir=str(folder))
    for got, expected in zip(controller.model.get_weights(), weights):
        np.testing.assert_array_equal(got, expected)
    assert (controller.frequency, controller.lr_multiplier) == (2, {0: 1.618, 1: 1.0, 2: 0.618})


def test_offline_without_the_file_says_where_to_put_it(tmp_path, monkeypatch):
    monkeypatch.setattr(arc, "ARC_ORIGIN", (tmp_path / "nowhere" / "arc.h5").as_uri())
    with pytest.raises(DataError, match=r"copy the file there by hand as 'arc.h5'"):
        ARC(cache_dir=str(tmp_path / "cache"))


def test_a_constant_series_standardizes_to_zeros():
    controller = ARC.__new__(ARC)
    controller.all_train_loss, controller.all_eval_loss = [None, None, [1.0, 0.5]], [None, None, [0.7]]
    controller.all_train_lr = [None, None, 0.1]
    inputs = controller.model_inputs()[0]
    assert np.isfinite(inputs).all() and (inputs[:, 1] == 0).all()


def test_inputs_of_three_cycles_against_a_numpy_oracle():
    controller = ARC.__new__(ARC)
    rng = np.random.default_rng(0)
    train = [list(rng.uniform(0.5, 1.0, size=100)) for _ in range(3)]
    controller.all_train_loss, controller.all_eval_loss = train, [[0.9], [0.7], [0.8]]
    controller.all_train_lr = [0.1, 0.2, 0.05]
    inputs = controller.model_inputs()[0]

    def zscore(values):
        values = np.asarray(values, "float32")
        return (values - values.mean()) / values.std()

    np.testing.assert_allclose(inputs[:, 0], zscore(np.concatenate(train)), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(inputs[:, 1], np.repeat(zscore([0.9, 0.7, 0.8]), 100), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(inputs[:, 2], np.repeat([1.0, 2.0, 0.5], 100), rtol=1e-6)


def test_lr_scheduler_with_arc_multiplies_the_rate_each_cycle(arc_cache, tmp_path, monkeypatch):
    model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net"),
                     lambda: keras.optimizers.SGD(0.1))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
                              UpdateOp(model=model, loss_name="mse")])
    x = np.random.default_rng(0).normal(size=(16, 2)).astype("float32")
    data = {"x": x, "y": x.sum(axis=1, keepdims=True)}
    monkeypatch.setattr(arc, "ARC_ORIGIN", (tmp_path / "nowhere" / "arc.h5").as_uri())
    with pytest.raises(DataError, match="cannot download"):  # "arc" is ARC() (its weights in Keras's cache)
        LRScheduler(model=model, lr_fn="arc")
    scheduler = LRScheduler(model=model, lr_fn=ARC(frequency=1, cache_dir=str(arc_cache[0])))
    summary = fe.Estimator(fe.Pipeline(train_data=data, eval_data=data, batch_size=4), network, epochs=2,
                           traces=[scheduler], log_steps=None).fit()
    np.testing.assert_allclose(summary.epoch_values("train", "net_lr"), [0.1, 0.0618], rtol=1e-5)
    train_losses = summary.epoch_values("train", "mse")
    cycles = [cycle for cycle in scheduler.lr_fn.all_train_loss if cycle]
    assert [len(cycle) for cycle in cycles] == [4, 4]  # every batch's loss, recovered from the running means
    np.testing.assert_allclose([np.mean(cycle) for cycle in cycles], train_losses, rtol=1e-5)
    np.testing.assert_allclose([cycle[0] for cycle in scheduler.lr_fn.all_eval_loss if cycle],
                               summary.epoch_values("eval", "mse"), rtol=1e-5)
