import grain
import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator, dcgan_ops
from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, MeanSquaredError, ModelOp, UpdateOp
from kerasfe.schedule import EpochScheduler, RepeatScheduler
from tests.conftest import classifier_network, conv_model, dense_model


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
    logged = {key: np.array(history.history[key]) for key in ("d_loss", "real_loss", "fake_loss", "g_loss")}
    assert all(values.shape == (1,) for values in logged.values())
    np.testing.assert_allclose(logged["d_loss"], logged["real_loss"] + logged["fake_loss"], rtol=1e-5)
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
    start = dense_model().get_weights()
    steps, losses = [], {}
    counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: steps.append(batch))
    sources = {"numpy": dict(blobs),
               "tf.data": tf.data.Dataset.from_tensor_slices(blobs).batch(16),
               "grain": grain.MapDataset.source([{k: v[i] for k, v in blobs.items()} for i in range(64)]).batch(16)}
    for name, source in sources.items():
        model = fe.build(dense_model, "adam")  # a fresh optimizer and the same start for every source
        model.set_weights(start)
        network = classifier_network(model)
        history = network.fit(source, batch_size=16 if name == "numpy" else None, epochs=1, verbose=0,
                              shuffle=False, callbacks=[counter]).history
        losses[name] = history["ce"][0]
    assert len(steps) == 12
    # the same batches in the same order from the same start: the three sources train alike
    np.testing.assert_allclose([losses["tf.data"], losses["grain"]], [losses["numpy"]] * 2, rtol=1e-5)


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
    reference = dense_model()  # float32, the same start: its loss on the first batch is the oracle
    keras.mixed_precision.set_global_policy(policy)
    model = fe.build(dense_model, lambda: keras.optimizers.Adam(0.05))
    model.set_weights(reference.get_weights())
    network = classifier_network(model)
    first_batch = []
    recorder = keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: first_batch.append(float(logs["ce"])) if batch == 0 else None)
    history = network.fit(blobs, batch_size=16, epochs=3, shuffle=False, verbose=0, callbacks=[recorder]).history
    assert model.layers[0].compute_dtype == policy.split("_")[1]
    assert all(w.dtype == "float32" for w in model.trainable_weights)
    expected = keras.losses.sparse_categorical_crossentropy(blobs["y"][:16], reference(blobs["x"][:16]))
    np.testing.assert_allclose(first_batch[0], np.mean(keras.ops.convert_to_numpy(expected)),
                               rtol=1e-2 if policy == "mixed_float16" else 3e-2)
    assert len(history["ce"]) == 3 and history["ce"][-1] < history["ce"][0]


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


def test_fit_with_validation_data_reports_val_losses(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    network.evaluate(blobs, batch_size=16, verbose=0, mode="test")
    history = network.fit(blobs, validation_data=blobs, batch_size=16, epochs=2, verbose=0).history
    assert {"ce", "loss", "val_ce", "val_loss"} <= set(history) and len(history["val_ce"]) == 2
    assert network.evaluation_mode == "eval"


# Python runs of train_step per fit of the first epoch: one trace under JAX; TensorFlow traces a tf.function
# twice on its first call (as for any keras.Model); the torch trainer runs train_step eagerly, once per batch.
FIRST_TRACES = {"jax": 1, "tensorflow": 2, "torch": 4}[BACKEND]


def test_progressive_resizing_traces_once_per_signature_and_never_per_batch():
    model = fe.build(conv_model, "adam")
    network = classifier_network(model)
    traces, train_step = [], network.train_step
    network.train_step = lambda *args: traces.append(1) or train_step(*args)  # counts the Python runs
    rng = np.random.default_rng(0)
    per_epoch = []
    for epoch, size in zip((1, 2, 3, 4), (16, 16, 32, 32)):
        data = {"x": rng.uniform(size=(32, size, size, 1)).astype("float32"), "y": rng.integers(0, 3, 32)}
        before = len(traces)
        network.fit(data, batch_size=8, initial_epoch=epoch - 1, epochs=epoch, verbose=0)
        per_epoch.append(len(traces) - before)
    eager = FIRST_TRACES == 4
    assert per_epoch == ([4, 4, 4, 4] if eager else [FIRST_TRACES, 0, 1, 0])
    assert int(model.optimizer.iterations) == 16


def test_scheduled_ops_reset_the_step_only_when_the_op_set_changes(blobs):
    model = fe.build(dense_model, "adam")
    double = LambdaOp(fn=lambda x: 2.0 * x, inputs="x", outputs="x")
    network = fe.Network(ops=[EpochScheduler({1: None, 3: double}), ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    assert network.get_signature_epochs(5) == [1, 3]
    functions = []
    for epoch in (1, 2, 3, 4):
        network.fit(blobs, batch_size=32, initial_epoch=epoch - 1, epochs=epoch, verbose=0)
        functions.append(network.train_function)
        assert (double in network.ops) == (epoch >= 3)
    assert functions[0] is functions[1] and functions[1] is not functions[2] and functions[2] is functions[3]
    network.set_epoch(3)
    prediction = network.predict({"x": blobs["x"][:4]}, verbose=0)["y_pred"]
    np.testing.assert_allclose(prediction, keras.ops.convert_to_numpy(model(2 * blobs["x"][:4])), atol=1e-6)


def test_a_scheduled_update_runs_from_its_epoch_in_the_compiled_train_step(blobs):
    """The same batch shapes before and after the switch: the step must still be traced anew (jax.jit caches)."""
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(0.1))
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              LambdaOp(fn=lambda ce: 0.0 * ce, inputs="ce", outputs="zero", mode="train"),
                              EpochScheduler({1: UpdateOp(model=model, loss_name="ce"),
                                              2: UpdateOp(model=model, loss_name="zero")})])
    network.fit(blobs, batch_size=32, initial_epoch=0, epochs=1, verbose=0)
    trained = model.get_weights()
    assert not np.allclose(trained[0], 0.0) and int(model.optimizer.iterations) == 2
    history = network.fit(blobs, batch_size=32, initial_epoch=1, epochs=2, verbose=0).history
    assert history["zero"] == [0.0] and int(model.optimizer.iterations) == 4
    for before, after in zip(trained, model.get_weights()):
        np.testing.assert_array_equal(before, after)  # a zero loss: plain SGD leaves the weights as they were


def test_fit_over_a_schedule_change_is_an_error(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=classifier_network(model).ops + [RepeatScheduler([None, LambdaOp(
        fn=keras.ops.mean, inputs="ce", outputs="ce_mean")])])
    with pytest.raises(ConfigError, match="call fit once per epoch"):
        network.fit(blobs, batch_size=32, epochs=2, verbose=0)


def test_scheduled_optimizer_switches_and_keeps_training(blobs):
    model = fe.build(dense_model, EpochScheduler({1: "adam", 3: lambda: keras.optimizers.SGD(0.01)}))
    adam = model.optimizer
    network = classifier_network(model)
    assert network.get_signature_epochs(4) == [1, 3]
    for epoch in (1, 2, 3, 4):
        before = model.get_weights()
        network.fit(blobs, batch_size=16, initial_epoch=epoch - 1, epochs=epoch, verbose=0)
        assert not np.allclose(before[0], model.get_weights()[0])
    sgd = model.optimizer
    assert isinstance(adam, keras.optimizers.Adam) and isinstance(sgd, keras.optimizers.SGD)
    assert int(adam.iterations) == 8 and int(sgd.iterations) == 8
    assert all(any(v is w for w in network.optimizer.variables) for v in sgd.variables)
    with pytest.raises(ConfigError, match="at every epoch"):
        fe.build(dense_model, EpochScheduler({2: "adam"}))


def test_clipnorm_of_the_optimizer_limits_the_step(blobs):
    start = dense_model().get_weights()
    moves = {}
    for clip in (None, 1e-3):
        model = fe.build(dense_model, lambda: keras.optimizers.SGD(1.0, global_clipnorm=clip))
        model.set_weights(start)
        classifier_network(model).fit(blobs, batch_size=64, epochs=1, verbose=0)
        moves[clip] = np.sqrt(sum(np.sum((w - s) ** 2) for w, s in zip(model.get_weights(), start)))
    assert moves[1e-3] == pytest.approx(1e-3, rel=1e-3) and moves[None] > 10 * moves[1e-3]


class WeightsPerStep(keras.callbacks.Callback):
    """Keeps the trainable weights of `model` after every train step."""

    def __init__(self, model):
        super().__init__()
        self.watched, self.steps = model, []

    def on_train_batch_end(self, batch, logs=None):
        assert self.model is not None  # reading `model` syncs the JAX training state into the variables
        self.steps.append([np.array(v) for v in self.watched.trainable_variables])


def dense_cross_entropy(weights, data):
    """Mean sparse cross-entropy of dense_model with `weights` (kernel, bias) on `data`, in float64 numpy."""
    logits = data["x"].astype("float64") @ weights[0] + weights[1]
    log_softmax = logits - logits.max(1, keepdims=True)
    log_softmax -= np.log(np.exp(log_softmax).sum(1, keepdims=True))
    return float(-np.mean(log_softmax[np.arange(len(data["y"])), data["y"]]))


def test_ema_weights_are_used_for_evaluation_only_when_asked(blobs):
    model = fe.build(dense_model, lambda: keras.optimizers.SGD(0.5, use_ema=True, ema_momentum=0.5))
    network = fe.Network(ops=classifier_network(model).ops, eval_on_ema=True)
    recorder = WeightsPerStep(model)
    network.fit(blobs, batch_size=16, epochs=1, verbose=0, callbacks=[recorder])
    trained = [np.array(v) for v in model.trainable_variables]
    averages = recorder.steps[0]  # Keras's EMA: the first step's weights, then 0.5 * average + 0.5 * weights
    for weights in recorder.steps[1:]:
        averages = [0.5 * average + 0.5 * weight for average, weight in zip(averages, weights)]
    assert len(recorder.steps) == 4 and not np.allclose(trained[0], averages[0])
    with network.ema_weights():
        for variable, average in zip(model.trainable_variables, averages):
            np.testing.assert_allclose(np.array(variable), average, rtol=1e-6)
    for variable, weight in zip(model.trainable_variables, trained):
        np.testing.assert_array_equal(np.array(variable), weight)
    ema_ce = network.evaluate(blobs, batch_size=64, verbose=0, return_dict=True)["ce"]
    network.eval_on_ema = False
    trained_ce = network.evaluate(blobs, batch_size=64, verbose=0, return_dict=True)["ce"]
    assert ema_ce == pytest.approx(dense_cross_entropy(averages, blobs), rel=1e-5)
    assert trained_ce == pytest.approx(dense_cross_entropy(trained, blobs), rel=1e-5)
    network.finalize_ema()
    for variable, average in zip(model.trainable_variables, averages):
        np.testing.assert_allclose(np.array(variable), average, rtol=1e-6)


def test_calling_the_network_runs_the_infer_ops(blobs):
    model = fe.build(dense_model, "adam")
    outputs = classifier_network(model)({"x": blobs["x"][:4]})
    assert list(outputs) == ["y_pred"]
    np.testing.assert_allclose(keras.ops.convert_to_numpy(outputs["y_pred"]),
                               keras.ops.convert_to_numpy(model(blobs["x"][:4])), atol=1e-6)


def test_a_frozen_network_reports_losses_but_steps_no_optimizer(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    before = weights_of(network)
    network.trainable = False
    history = network.fit(blobs, batch_size=16, epochs=1, verbose=0).history
    assert network.trainable_variables == []
    expected = keras.losses.sparse_categorical_crossentropy(blobs["y"], network.models[0](blobs["x"]))
    np.testing.assert_allclose(history["ce"][0], np.mean(keras.ops.convert_to_numpy(expected)), rtol=1e-5)
    for expected, actual in zip(before, weights_of(network)):
        np.testing.assert_array_equal(expected, actual)
    assert int(network.models[0].optimizer.iterations) == 0
    network.trainable = True
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    assert int(network.models[0].optimizer.iterations) == 4
    assert any(not np.array_equal(b, a) for b, a in zip(before, weights_of(network)))


def test_a_frozen_model_keeps_its_weights_while_the_other_trains(blobs):
    frozen, trained = fe.build(dense_model, "adam"), fe.build(dense_model, "adam")
    frozen.trainable = False
    before = [np.array(w) for w in frozen.get_weights()]
    network = fe.Network(ops=[ModelOp(frozen, "x", "p1"), ModelOp(trained, "x", "p2"),
                              CrossEntropy(("p1", "y"), "ce1"), CrossEntropy(("p2", "y"), "ce2"),
                              UpdateOp(frozen, "ce1"), UpdateOp(trained, "ce2")])
    network.fit(blobs, batch_size=16, epochs=1, verbose=0)
    for expected, actual in zip(before, frozen.get_weights()):
        np.testing.assert_array_equal(expected, actual)
    assert int(frozen.optimizer.iterations) == 0 and int(trained.optimizer.iterations) == 4


def test_evaluate_returns_the_values_of_metrics_names_in_order(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              MeanSquaredError(("y_pred", "y_pred"), "zero"), UpdateOp(model, "ce")])
    logs = network.evaluate(blobs, batch_size=16, verbose=0, return_dict=True)
    assert network.metrics_names == ["loss", "ce", "zero"] and sorted(logs) == sorted(network.metrics_names)
    values = network.evaluate(blobs, batch_size=16, verbose=0)
    assert values == [logs["loss"], logs["ce"], logs["zero"]] and logs["loss"] == logs["ce"] and logs["zero"] == 0


def test_evaluate_of_one_loss_returns_one_value(blobs):
    model = fe.build(dense_model, "adam")
    network = fe.Network(ops=[ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce")])
    assert network.metrics_names == ["ce"]
    assert network.evaluate(blobs, batch_size=16, verbose=0) == network.evaluate(
        blobs, batch_size=16, verbose=0, return_dict=True)["ce"]


def dict_input_model():
    """A functional model on a dict of named inputs, as keras-hub backbones are ({"token_ids", "padding_mask"})."""
    inputs = {"token_ids": keras.Input((5,), name="token_ids"), "padding_mask": keras.Input((5,), name="padding_mask")}
    masked = keras.layers.Multiply()([inputs["token_ids"], inputs["padding_mask"]])
    return keras.Model(inputs, keras.layers.Dense(3, activation="softmax")(masked), name="backbone")


@pytest.fixture
def token_data():
    rng = np.random.default_rng(0)
    return {"tokens": rng.normal(size=(16, 5)).astype("float32"), "mask": (rng.uniform(size=(16, 5)) > 0.3).astype(
        "float32"), "y": rng.integers(0, 3, 16)}


@pytest.mark.parametrize("inputs", [{"token_ids": "tokens", "padding_mask": "mask"}, ["tokens", "mask"]])
def test_a_dict_input_model_gets_a_dict(token_data, inputs):
    model = fe.build(dict_input_model, "adam")
    network = fe.Network(ops=[ModelOp(model, inputs, "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              UpdateOp(model, "ce")])
    history = network.fit(token_data, batch_size=8, epochs=2, verbose=0).history
    assert history["ce"][1] < history["ce"][0]
    expected = model({"token_ids": token_data["tokens"], "padding_mask": token_data["mask"]})
    np.testing.assert_allclose(network.predict(token_data, batch_size=8, verbose=0)["y_pred"],
                               keras.ops.convert_to_numpy(expected), atol=1e-6)


def test_a_dict_input_model_needs_one_key_per_input():
    with pytest.raises(ConfigError, match=r"takes inputs \['token_ids', 'padding_mask'\], but the op lists the keys "
                                          r"\['tokens'\]"):
        ModelOp(dict_input_model(), "tokens", "y_pred")
