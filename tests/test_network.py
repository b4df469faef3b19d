import grain
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator, dcgan_ops
from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, MeanSquaredError, ModelOp, UpdateOp
from tests.conftest import classifier_network, dense_model

BACKEND = keras.backend.backend()


def weights_of(model):
    return [np.array(w) for w in model.get_weights()]


def changed(before, after):
    return any(not np.allclose(b, a) for b, a in zip(before, after))


def test_training_lowers_the_loss(blobs):
    network = classifier_network(fe.build(dense_model, lambda: keras.optimizers.Adam(0.05)))
    history = network.fit(blobs, batch_size=16, epochs=5, verbose=0).history
    assert history["ce"][-1] < 0.5 * history["ce"][0]
    assert history["loss"] == history["ce"]


def test_same_loss_as_plain_keras_fit(blobs):
    """Same initial weights, data order and optimizer: kerasfe and model.fit agree within 1e-5."""
    reference = dense_model()
    reference.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model = fe.build(dense_model, lambda: keras.optimizers.Adam(0.01))
    model.set_weights(reference.get_weights())
    expected = reference.fit(blobs["x"], blobs["y"], batch_size=8, epochs=3, shuffle=False, verbose=0).history
    actual = classifier_network(model).fit(blobs, batch_size=8, epochs=3, shuffle=False, verbose=0).history
    np.testing.assert_allclose(actual["ce"], expected["loss"], atol=1e-5)
    for expected_weight, actual_weight in zip(reference.get_weights(), model.get_weights()):
        np.testing.assert_allclose(actual_weight, expected_weight, atol=1e-5)


@pytest.fixture
def gan_data():
    rng = np.random.default_rng(0)
    return {"x": rng.uniform(-1, 1, (32, 28, 28, 1)).astype("float32"),
            "z": rng.normal(size=(32, 16)).astype("float32")}


def test_gan_steps_both_models_with_their_own_optimizers(gan_data):
    generator = fe.build(lambda: DCGANGenerator(latent_dim=16), lambda: keras.optimizers.Adam(1e-3))
    discriminator = fe.build(DCGANDiscriminator, lambda: keras.optimizers.Adam(1e-3))
    g_before, d_before = weights_of(generator), weights_of(discriminator)
    bn = generator.layers[1]
    moving_mean = np.array(bn.moving_mean)
    history = fe.Network(ops=dcgan_ops(generator, discriminator)).fit(gan_data, batch_size=8, epochs=1, verbose=0)
    assert changed(g_before, weights_of(generator)) and changed(d_before, weights_of(discriminator))
    assert int(generator.optimizer.iterations) == 4 and int(discriminator.optimizer.iterations) == 4
    assert all(np.isfinite(history.history[key]).all() for key in ("g_loss", "d_loss"))
    assert not np.allclose(moving_mean, np.array(bn.moving_mean)), "BatchNorm statistics did not update"


def test_discriminator_update_leaves_generator_untouched(gan_data):
    generator = fe.build(lambda: DCGANGenerator(latent_dim=16), "adam")
    discriminator = fe.build(DCGANDiscriminator, "adam")
    trainable_before = [np.array(v) for v in generator.trainable_variables]
    d_before = weights_of(discriminator)
    network = fe.Network(ops=dcgan_ops(generator, discriminator, update_generator=False))
    network.fit(gan_data, batch_size=8, epochs=1, verbose=0)
    for before, variable in zip(trainable_before, generator.trainable_variables):
        np.testing.assert_array_equal(before, np.array(variable))
    assert changed(d_before, weights_of(discriminator))
    assert int(generator.optimizer.iterations) == 0 and int(discriminator.optimizer.iterations) == 4


def test_evaluate_runs_eval_or_test_ops_and_predict_runs_infer_ops(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              MeanSquaredError(inputs=("y_pred", "y_onehot"), outputs="mse", mode="test"),
                              LambdaOp(fn=lambda y: keras.ops.one_hot(y, 3), inputs="y", outputs="y_onehot",
                                       mode="test"),
                              UpdateOp(model=model, loss_name="ce")])
    with pytest.raises(MissingKeyError, match="needs key 'y_onehot' in mode 'test'"):
        network.evaluate(blobs, batch_size=16, verbose=0, mode="test", return_dict=True)
    network = fe.Network(ops=[op for op in network.ops if not isinstance(op, MeanSquaredError)]
                         + [MeanSquaredError(inputs=("y_pred", "y_onehot"), outputs="mse", mode="test")])
    assert set(network.evaluate(blobs, batch_size=16, verbose=0, return_dict=True)) == {"ce", "loss"}
    assert set(network.evaluate(blobs, batch_size=16, verbose=0, mode="test", return_dict=True)) == {"ce", "loss",
                                                                                                     "mse"}
    prediction = network.predict({"x": blobs["x"]}, batch_size=16, verbose=0)
    assert list(prediction) == ["y_pred"] and prediction["y_pred"].shape == (64, 3)
    np.testing.assert_allclose(prediction["y_pred"], keras.ops.convert_to_numpy(model(blobs["x"])), atol=1e-5)


def test_fit_reads_tf_data_grain_and_numpy(blobs):
    import tensorflow as tf
    network = classifier_network(fe.build(dense_model, "adam"))
    steps = []
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: steps.append(batch))
    sources = {"numpy": dict(blobs),
               "tf.data": tf.data.Dataset.from_tensor_slices(blobs).batch(16),
               "grain": grain.MapDataset.source([{k: v[i] for k, v in blobs.items()} for i in range(64)]).batch(16)}
    for name, source in sources.items():
        history = network.fit(source, batch_size=16 if name == "numpy" else None, epochs=1, verbose=0,
                              shuffle=False, callbacks=[counter]).history
        assert np.isfinite(history["ce"][0]), name
    assert len(steps) == 12


def test_bus_keys_leave_the_step(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.bus_keys = ("y_pred", "y")
    seen = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(logs))
    network.fit(blobs, batch_size=16, epochs=1, verbose=0, callbacks=[callback])
    assert len(seen) == 4 and set(seen[0]) == {"ce", "loss", "bus/y_pred", "bus/y"}
    assert tuple(seen[0]["bus/y_pred"].shape) == (16, 3)


def test_steps_per_execution_and_jit_compile(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.compile(steps_per_execution=2, jit_compile=BACKEND != "torch")
    if BACKEND == "torch":
        with pytest.raises(ValueError, match="steps_per_execution"):
            network.fit(blobs, batch_size=16, epochs=1, verbose=0)
        return
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    assert int(network.optimizer.iterations) == 4


def test_eager_steps_match_compiled_steps(blobs):
    start = dense_model().get_weights()
    results = []
    for run_eagerly in (False, True):
        model = fe.build(dense_model, "adam")
        model.set_weights(start)
        network = classifier_network(model)
        network.compile(run_eagerly=run_eagerly)
        results.append(network.fit(blobs, batch_size=16, epochs=2, shuffle=False, verbose=0).history["ce"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-5)


@pytest.mark.parametrize("policy", ["mixed_float16", "mixed_bfloat16"])
def test_mixed_precision_trains_with_float32_weights(blobs, policy):
    keras.mixed_precision.set_global_policy(policy)
    model = fe.build(dense_model, lambda: keras.optimizers.Adam(0.05))
    network = classifier_network(model)
    history = network.fit(blobs, batch_size=16, epochs=3, verbose=0).history
    assert model.layers[0].compute_dtype == policy.split("_")[1]
    assert all(w.dtype == "float32" for w in model.trainable_weights)
    assert np.isfinite(history["ce"]).all() and history["ce"][-1] < history["ce"][0]


def test_per_sample_losses_stay_on_the_bus_and_are_averaged_for_the_update(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce", average_loss=False),
                              UpdateOp(model=model, loss_name="ce")])
    network.bus_keys = ("ce",)
    seen = []
    callback = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(logs["bus/ce"]))
    history = network.fit(blobs, batch_size=16, epochs=1, verbose=0, callbacks=[callback]).history
    assert tuple(seen[0].shape) == (16,)
    np.testing.assert_allclose(history["ce"][0], np.mean([np.mean(np.array(v)) for v in seen]), rtol=1e-5)


def test_inner_models_save_and_load_as_keras(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    classifier_network(model).fit(blobs, batch_size=16, epochs=1, verbose=0)
    model.save(tmp_path / "model.keras")
    loaded = keras.models.load_model(tmp_path / "model.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(loaded(blobs["x"])),
                               keras.ops.convert_to_numpy(model(blobs["x"])), atol=1e-6)


def test_unbuilt_subclassed_model_is_built_from_the_first_batch(blobs):
    class Classifier(keras.Model):
        def __init__(self):
            super().__init__(name="subclassed")
            self.dense = keras.layers.Dense(3, activation="softmax")

        def call(self, x):
            return self.dense(x)

    model = fe.build(Classifier, "adam")
    history = classifier_network(model).fit(blobs, batch_size=16, epochs=2, verbose=0).history
    assert model.built and history["ce"][1] < history["ce"][0]


def test_configuration_errors_are_clear():
    model = fe.build(dense_model, "adam")
    with pytest.raises(ConfigError, match="no ModelOp calls model"):
        fe.Network(ops=[CrossEntropy(inputs=("x", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    with pytest.raises(ConfigError, match=r"updates on 'cee', but no op writes it in mode 'train'; keys written "
                                          r"there: \['ce', 'y_pred'\]"):
        fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                        CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="cee")])
    with pytest.raises(WrongTypeError, match="Network ops must be TensorOps"):
        fe.Network(ops=[object()])
    with pytest.raises(WrongTypeError, match="cannot be set here"):
        classifier_network(model).compile(optimizer="adam")


def test_missing_key_fails_before_the_first_step(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    with pytest.raises(MissingKeyError) as error:
        network.fit({"image": blobs["x"], "y": blobs["y"]}, batch_size=16, epochs=1, verbose=0)
    assert "ModelOp(" in str(error.value) and "needs key 'x' in mode 'train'" in str(error.value)
    assert "['image', 'y']" in str(error.value)
    assert int(network.optimizer.iterations) == 0


def test_fit_with_validation_data_reports_val_losses(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.evaluate(blobs, batch_size=16, verbose=0, mode="test")
    history = network.fit(blobs, validation_data=blobs, batch_size=16, epochs=2, verbose=0).history
    assert {"ce", "loss", "val_ce", "val_loss"} <= set(history) and len(history["val_ce"]) == 2
    assert network.evaluation_mode == "eval"
