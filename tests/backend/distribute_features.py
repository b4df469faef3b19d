"""The trainings of the distribution tests of every backend beyond plain LeNet and GAN runs: a 2-model GAN with
`merge_grad`, the two mixed-precision policies, and an Estimator run with EMA weights (`use_ema`,
`Network(eval_on_ema=True)`) whose metric Trace (`Accuracy`, of the EMA weights) aggregates over the processes.
Each backend's test runs them distributed (TensorFlow: 2 replicas or 2 workers, JAX: 8 devices or 2 processes,
PyTorch: 2 processes) and on one device, on the same global batches, and compares what `train` returns.

`train(feature, index, count)` trains as process `index` of `count`: `network.fit` reads the process's own block
of every global batch (cut here), the Estimator run reads it through the Pipeline's sharding.
"""
import keras
import numpy as np

FEATURES = ("merge_grad", "ema_accuracy", "mixed_bfloat16", "mixed_float16")
GLOBAL_BATCH, STEPS, EVAL_ROWS = 16, 4, 48
TOLERANCE = 1e-5
# Mixed precision computes in 16 bits: replicas that sum their parts of the gradient in another order than one
# device round differently (bfloat16 keeps 8 bits of mantissa, float16 11), and a step moves weights by ~lr * grad.
MIXED_TOLERANCE = {"mixed_bfloat16": 5e-3, "mixed_float16": 1e-3}


def tolerance(feature):
    """The largest difference from the one-device run a distributed run of `feature` may show.

    Example:
        >>> tolerance("ema_accuracy"), tolerance("mixed_float16")
        (1e-05, 0.001)
    """
    return MIXED_TOLERANCE.get(feature, TOLERANCE)


def samples():
    """The first digits (8x8, in [0, 1]) for training and evaluation, with 4-d latent vectors for the GAN."""
    from kerasfe.dataset.data import digits

    train, evaluation, _ = digits.load_data(image_size=8)
    train = {key: value[:GLOBAL_BATCH * STEPS] for key, value in train.items()}
    evaluation = {key: value[:EVAL_ROWS] for key, value in evaluation.items()}
    for data in (train, evaluation):
        data["z"] = np.random.default_rng(len(data["x"])).normal(size=(len(data["x"]), 4)).astype("float32")
    return train, evaluation


def process_rows(data, index, count):
    """Process `index`'s block of `GLOBAL_BATCH // count` rows of every global batch, in batch order."""
    size = GLOBAL_BATCH // count
    rows = np.arange(len(data["x"])).reshape(-1, count, size)[:, index].reshape(-1)
    return {key: value[rows] for key, value in data.items()}


def _classifier():
    return keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3), keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")], name="classifier")


def _gan(feature):
    """Generator (SGD) and discriminator (Adam), both updating every 2 steps (merge_grad=2)."""
    import kerasfe as fe
    from kerasfe.architecture.dcgan import dcgan_ops
    from kerasfe.op.tensorop import UpdateOp

    generator = fe.build(lambda: keras.Sequential([
        keras.Input((4,)), keras.layers.Dense(16), keras.layers.LeakyReLU(0.2),
        keras.layers.Dense(64, activation="tanh"), keras.layers.Reshape((8, 8, 1))], name="generator"), "sgd")
    discriminator = fe.build(lambda: keras.Sequential([
        keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, strides=2), keras.layers.Flatten(),
        keras.layers.Dense(1)], name="discriminator"), "adam")
    ops = dcgan_ops(generator, discriminator, update_generator=False, update_discriminator=False)
    ops += [UpdateOp(model=generator, loss_name="g_loss", merge_grad=2),
            UpdateOp(model=discriminator, loss_name="d_loss", merge_grad=2)]
    return fe.Network(ops=ops), [generator, discriminator], ["g_loss", "d_loss"]


def classification(feature):
    """The classifier's Network (one model, "x" -> "y_pred", cross-entropy "ce") for `feature`, its models and its
    losses."""
    import kerasfe as fe
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp

    if feature == "ema_accuracy":
        optimizer = lambda: keras.optimizers.Adam(0.02, use_ema=True, ema_momentum=0.5)  # noqa: E731
    else:  # mixed precision (a LossScaleOptimizer under mixed_float16): SGD, whose steps follow the gradients'
        optimizer = lambda: keras.optimizers.SGD(0.1)  # noqa: E731 - rounding (Adam's may flip sign by +-lr)
    model = fe.build(_classifier, optimizer)
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")], eval_on_ema=feature == "ema_accuracy")
    return network, [model], ["ce"]


def _recorder(losses):
    from kerasfe.trace.trace import Trace

    class Recorder(Trace):
        """Keeps every train batch's losses and every epoch's accuracy, as the Traces see them."""

        def __init__(self):
            super().__init__(inputs=losses, mode=None)
            self.records = {key: [] for key in losses + ["accuracy"]}

        def on_batch_end(self, data):
            if self.system.mode == "train":
                for key in losses:
                    self.records[key].append(np.asarray(data[key], "float32"))

        def on_epoch_end(self, data):
            if "accuracy" in data:
                self.records["accuracy"].append(np.asarray(data["accuracy"]))

    return Recorder()


def train(feature, index=0, count=1):
    """Trains `feature`'s network as process `index` of `count` (STEPS global batches); returns {"<loss>": per
    step, "accuracy": per evaluation (of the Estimator run), "weight/<i>": every model's final weights, "ema/<i>":
    their moving averages (the Estimator run)}, as numpy arrays.
    """
    import kerasfe as fe
    from kerasfe.trace.keras_bridge import as_callbacks
    from kerasfe.trace.metric import Accuracy

    keras.config.set_dtype_policy(feature if feature.startswith("mixed") else "float32")
    try:
        keras.utils.set_random_seed(0)
        network, models, losses = (_gan if feature == "merge_grad" else classification)(feature)
        recorder = _recorder(losses)
        train_data, eval_data = samples()
        if feature == "ema_accuracy":  # the Pipeline reads this process's block of every global batch itself
            pipeline = fe.Pipeline(train_data=train_data, eval_data=eval_data, batch_size=GLOBAL_BATCH, seed=0)
            fe.Estimator(pipeline, network, epochs=1, traces=[Accuracy("y", "y_pred"), recorder],
                         log_steps=None).fit()
        else:
            network.fit(process_rows(train_data, index, count), batch_size=GLOBAL_BATCH // count, shuffle=False,
                        verbose=0, callbacks=as_callbacks([recorder]))
        result = {key: np.asarray(values) for key, values in recorder.records.items() if values}
        result.update({f"weight/{i}": np.asarray(w, "float32") for i, w in
                       enumerate(w for model in models for w in model.get_weights())})
        if feature == "ema_accuracy":
            with network.ema_weights():
                result.update({f"ema/{i}": np.asarray(w, "float32") for i, w in
                               enumerate(w for model in models for w in model.get_weights())})
        return result
    finally:
        keras.config.set_dtype_policy("float32")


def assert_same(run, reference, feature):
    """`run` (a distributed `train(feature)`) equals the one-device `reference` within `tolerance(feature)`; returns
    the largest difference.

    Example:
        >>> assert_same({"w": np.ones(2)}, {"w": np.ones(2) + 1e-7}, "merge_grad") < 1e-6
        True
    """
    assert sorted(run) == sorted(reference), (feature, sorted(run), sorted(reference))
    if "accuracy" in reference:  # an odd number right: a process's half of the samples alone would score otherwise
        assert round(float(reference["accuracy"][-1]) * EVAL_ROWS) % 2 == 1, reference["accuracy"]
    largest = 0.0
    for key, expected in reference.items():
        got = np.asarray(run[key])
        assert got.shape == np.shape(expected), (feature, key, got.shape, np.shape(expected))
        np.testing.assert_allclose(got, expected, rtol=0, atol=tolerance(feature), err_msg=f"{feature} {key}")
        largest = max(largest, float(np.max(np.abs(got - expected), initial=0.0)))
    return largest
