"""A Network saves like a Keras model: .keras round trips (ops, weights, every model's optimizer state),
.weights.h5, ModelCheckpoint through fit and through the Estimator, and export of the infer ops."""
import os
import subprocess
import sys

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import dcgan_ops
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import LambdaOp, ModelOp, TensorOp
from tests.conftest import classifier_network, dense_model

BACKEND = keras.backend.backend()


def generator():
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(8), keras.layers.BatchNormalization(),
                             keras.layers.Dense(6, activation="tanh")], name="gen")


def discriminator():
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1)],
                            name="disc")


def gan_network():
    """A tiny GAN: two models, each with its own Adam and UpdateOp (BatchNorm statistics too)."""
    keras.utils.set_random_seed(1)
    return fe.Network(ops=dcgan_ops(fe.build(generator, lambda: keras.optimizers.Adam(1e-2)),
                                    fe.build(discriminator, lambda: keras.optimizers.Adam(1e-2))))


@pytest.fixture
def gan_data():
    rng = np.random.default_rng(0)
    return {"x": rng.uniform(-1, 1, (16, 6)).astype("float32"), "z": rng.normal(size=(16, 3)).astype("float32")}


def assert_same_weights(expected, actual):
    assert len(expected.get_weights()) == len(actual.get_weights())
    for left, right in zip(expected.get_weights(), actual.get_weights()):
        np.testing.assert_array_equal(left, right)


def assert_same_optimizer_states(expected, actual):
    for left, right in zip(expected.models, actual.models):
        assert len(left.optimizer.variables) == len(right.optimizer.variables) > 2
        for a, b in zip(left.optimizer.variables, right.optimizer.variables):
            np.testing.assert_array_equal(keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b))


def test_keras_round_trip_predicts_and_continues_training_exactly(gan_data, tmp_path):
    reference = gan_network()
    reference.fit(gan_data, batch_size=8, epochs=3, shuffle=False, verbose=0)
    network = gan_network()
    network.fit(gan_data, batch_size=8, epochs=1, shuffle=False, verbose=0)
    network.save(tmp_path / "gan.keras")
    assert os.listdir(tmp_path) == ["gan.keras"]
    loaded = keras.models.load_model(tmp_path / "gan.keras")
    assert type(loaded) is fe.Network and [m.name for m in loaded.models] == [m.name for m in network.models]
    assert [type(op).__name__ for op in loaded.ops] == [type(op).__name__ for op in network.ops]
    assert_same_weights(network, loaded)
    assert_same_optimizer_states(network, loaded)
    expected, actual = network.predict(gan_data, batch_size=8, verbose=0), loaded.predict(gan_data, batch_size=8,
                                                                                        verbose=0)
    assert sorted(actual) == ["fake", "fake_score", "real_score"]
    for key in expected:
        np.testing.assert_array_equal(expected[key], actual[key])
    loaded.fit(gan_data, batch_size=8, epochs=2, shuffle=False, verbose=0)
    assert_same_weights(reference, loaded)
    assert_same_optimizer_states(reference, loaded)
    assert [int(m.optimizer.iterations) for m in loaded.models] == [6, 6]


def test_weights_file_restores_weights_and_optimizer_states(gan_data, tmp_path):
    network = gan_network()
    network.fit(gan_data, batch_size=8, epochs=1, shuffle=False, verbose=0)
    network.save_weights(tmp_path / "gan.weights.h5")
    fresh = gan_network()
    fresh.load_weights(tmp_path / "gan.weights.h5")
    assert_same_weights(network, fresh)
    assert_same_optimizer_states(network, fresh)


def test_config_round_trip_keeps_ops_models_and_compile_settings(blobs):
    network = classifier_network(fe.build(dense_model, "sgd"))
    network.compile(run_eagerly=True)
    config = network.get_config()
    assert [op["registered_name"] for op in config["ops"]] == ["kerasfe>ModelOp", "kerasfe>CrossEntropy",
                                                         "kerasfe>UpdateOp"]
    assert config["ops"][0]["config"]["model"] == {"kerasfe_model": network.models[0].name}
    rebuilt = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(network))
    assert rebuilt.get_config() == config and rebuilt.run_eagerly
    assert rebuilt.models[0] is not network.models[0] and rebuilt.ops[2].model is rebuilt.models[0]
    assert isinstance(rebuilt.models[0].optimizer, keras.optimizers.SGD)


def weights_recorder(network, weights_by_epoch):
    """A callback that notes (loss, weights) at the end of every epoch."""
    return keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: weights_by_epoch.append(
        (logs["loss"], [np.array(w) for w in network.get_weights()])))


@pytest.mark.parametrize("suffix", [".keras", ".weights.h5"])
def test_model_checkpoint_in_fit_saves_the_best_epoch(blobs, tmp_path, suffix):
    network = classifier_network(fe.build(dense_model, lambda: keras.optimizers.SGD(0.5)))
    path = str(tmp_path / f"best{suffix}")
    checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="loss", save_best_only=True,
                                                 save_weights_only=suffix == ".weights.h5")
    epochs = []
    network.fit(blobs, batch_size=16, epochs=4, shuffle=False, verbose=0,
                callbacks=[checkpoint, weights_recorder(network, epochs)])
    _, best_weights = min(epochs, key=lambda entry: entry[0])
    restored = keras.models.load_model(path) if suffix == ".keras" else classifier_network(fe.build(dense_model, "sgd"))
    if suffix == ".weights.h5":
        restored.load_weights(path)
    for expected, actual in zip(best_weights, restored.get_weights()):
        np.testing.assert_array_equal(expected, actual)
    assert os.listdir(tmp_path) == [f"best{suffix}"]


def test_model_checkpoint_as_an_estimator_trace(blobs, tmp_path):
    network = classifier_network(fe.build(dense_model, "adam"))
    paths = {suffix: str(tmp_path / f"last{suffix}") for suffix in (".keras", ".weights.h5")}
    traces = [keras.callbacks.ModelCheckpoint(paths[".keras"]),
              keras.callbacks.ModelCheckpoint(paths[".weights.h5"], save_weights_only=True)]
    fe.Estimator(fe.Pipeline(train_data=blobs, batch_size=16), network, epochs=2, traces=traces, log_steps=None).fit()
    assert_same_weights(network, keras.models.load_model(paths[".keras"]))
    from_weights = classifier_network(fe.build(dense_model, "adam"))
    from_weights.load_weights(paths[".weights.h5"])
    assert_same_weights(network, from_weights)
    assert int(from_weights.models[0].optimizer.iterations) == int(network.models[0].optimizer.iterations) == 8


def test_lambdas_load_only_in_unsafe_mode_and_other_functions_need_registration(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model, "x", "y_pred"), LambdaOp(fn=lambda y: y * 2.0, inputs="y_pred",
                                                                         outputs="double")])
    network.save(tmp_path / "lambda.keras")
    with pytest.raises(ConfigError, match=r"LambdaOp holds a Python lambda.*safe_mode=False"):
        keras.models.load_model(tmp_path / "lambda.keras")
    loaded = keras.models.load_model(tmp_path / "lambda.keras", safe_mode=False)
    np.testing.assert_allclose(loaded.predict(blobs, batch_size=16, verbose=0)["double"],
                               2 * network.predict(blobs, batch_size=16, verbose=0)["y_pred"], rtol=1e-6)

    def halve(y):
        return y / 2.0

    with pytest.raises(ConfigError, match="function 'test_.*halve' cannot be saved; register it"):
        fe.Network(ops=[ModelOp(model, "x", "y_pred"), LambdaOp(fn=halve, inputs="y_pred", outputs="h")]).get_config()


def test_unregistered_op_classes_cannot_be_saved():
    class Scale(TensorOp):
        def forward(self, data, state):
            return data * 2

    with pytest.raises(ConfigError, match="class .*Scale is not registered with Keras"):
        fe.Network(ops=[Scale(inputs="x", outputs="y")]).get_config()


def exported_prediction(path, batch):
    if BACKEND == "torch":
        import torch
        return keras.ops.convert_to_numpy(torch.export.load(path).module()(
            {key: torch.from_numpy(value) for key, value in batch.items()})["y_pred"])
    import tensorflow as tf
    artifact = tf.saved_model.load(path)
    return artifact.serve(batch)["y_pred"].numpy()


def test_export_serves_the_infer_ops_and_each_model(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    network = classifier_network(model)
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    batch = {"x": blobs["x"][:5]}
    expected = network.predict(batch, verbose=0)["y_pred"]
    export_format, name, options = "tf_saved_model", "network", {}
    if BACKEND == "torch":  # Keras's torch export fixes free axes to 1 unless given torch.export dynamic shapes
        import torch
        export_format, name, options = "torch", "network.pt2", {"dynamic_shapes": {"x": {0: torch.export.Dim("batch")}}}
    network.export(str(tmp_path / name), format=export_format, verbose=False, **options)
    np.testing.assert_allclose(exported_prediction(str(tmp_path / name), batch), expected, atol=1e-6)
    model.export(str(tmp_path / f"model_{name}"), format=export_format, verbose=False)
    assert os.path.exists(tmp_path / f"model_{name}")


def onnx_prediction(path, batch):
    import onnxruntime
    session = onnxruntime.InferenceSession(path)
    return session.run(None, {spec.name: batch[key] for spec, key in zip(session.get_inputs(), batch)})[0]


def test_export_onnx_serves_the_infer_ops_and_each_model(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    network = classifier_network(model)
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    batch = {"x": blobs["x"][:5]}
    expected = keras.ops.convert_to_numpy(network.predict(batch, verbose=0)["y_pred"])
    network.export(str(tmp_path / "network.onnx"), format="onnx", verbose=False)
    np.testing.assert_allclose(onnx_prediction(str(tmp_path / "network.onnx"), batch), expected, atol=1e-5)
    import onnxruntime
    assert [spec.name for spec in onnxruntime.InferenceSession(str(tmp_path / "network.onnx")).get_inputs()] == ["x"]
    model.export(str(tmp_path / "model.onnx"), format="onnx", verbose=False)
    np.testing.assert_allclose(onnx_prediction(str(tmp_path / "model.onnx"), batch), expected, atol=1e-5)


def test_export_onnx_without_its_packages_names_the_backend_and_the_fix(monkeypatch):
    network = fe.Network(ops=[LambdaOp(fn=keras.ops.square, inputs="x", outputs="y")])
    exporter = {"tensorflow": "tf2onnx", "jax": "jax2onnx", "torch": "onnx"}[BACKEND]
    monkeypatch.setitem(sys.modules, exporter, None)  # as if not installed
    with pytest.raises(ConfigError, match=rf"export format 'onnx' on the '{BACKEND}' backend needs the packages "
                                          rf"\['{exporter}'\].*pip install kerasfe\[export\]"):
        network.export("unused.onnx", format="onnx", verbose=False)


def test_export_without_known_input_shapes_says_what_to_do():
    network = fe.Network(ops=[LambdaOp(fn=keras.ops.square, inputs="x", outputs="y")])
    with pytest.raises(ConfigError, match="the shape of key 'x' .* is not known; run network.predict"):
        network.export("unused", verbose=False)


def test_a_fresh_process_loads_a_saved_network_after_import_keras_kerasfe(blobs, tmp_path):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    network.save(tmp_path / "net.keras")
    expected = keras.ops.convert_to_numpy(network.predict(blobs, batch_size=16, verbose=0)["y_pred"])
    np.save(tmp_path / "x.npy", blobs["x"])
    script = (f"import keras, kerasfe, numpy as np\n"
              f"network = keras.models.load_model({str(tmp_path / 'net.keras')!r})\n"
              f"x = np.load({str(tmp_path / 'x.npy')!r})\n"
              f"np.save({str(tmp_path / 'y.npy')!r}, keras.ops.convert_to_numpy("
              f"network.predict({{'x': x}}, batch_size=16, verbose=0)['y_pred']))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    np.testing.assert_array_equal(np.load(tmp_path / "y.npy"), expected)
