"""Helpers of the apphub tests: run an app the way the `kerasfe` command does, check what it logged against
an independent recomputation on exactly the batches it scored, and write tiny data sets."""
import pathlib
import pickle
import tarfile

import keras
import numpy as np
import pytest
from PIL import Image
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from kerasfe.cli.app import build_estimator, run_estimator
from kerasfe.trace import Trace

APPHUB = pathlib.Path(__file__).parents[2] / "apphub"


class ScoredBatches(Trace):
    """Keeps, for each mode it runs in, the `keys` of every batch of that mode's latest epoch as the Traces
    saw them, and every model's weights at that epoch's end: exactly what the Estimator scored."""

    def __init__(self, keys=("x", "y"), mode=("eval", "test")):
        super().__init__(inputs=list(keys), mode=list(mode))
        self.batches, self.weights = {}, {}

    def on_epoch_begin(self, data):
        self.batches[self.system.mode] = []

    def on_batch_end(self, data):
        self.batches[self.system.mode].append({key: np.array(data[key]) for key in self.inputs})

    def on_epoch_end(self, data):
        self.weights[self.system.mode] = [[np.array(w) for w in model.get_weights()]
                                          for model in self.system.network.models]

    def arrays(self, mode):
        """The recorded batches of `mode`, each key concatenated over the epoch."""
        return {key: np.concatenate([batch[key] for batch in self.batches[mode]]) for key in self.inputs}

    def batch_size(self, mode):
        return len(self.batches[mode][0][self.inputs[0]])


def with_scored_batches(estimator, keys=("x", "y")):
    """Adds a `ScoredBatches` of `keys` to `estimator`'s Traces; returns it."""
    scored = ScoredBatches(keys)
    estimator.runner.traces.append(scored)
    return scored


def train_and_test(app, epochs=2, train_steps=3, eval_steps=2, keys=("x", "y"), **arguments):
    """`kerasfe train apphub/<app> --epochs .. --max_train_steps_per_epoch .. --<name> <value>...` in this
    process (it fits, then tests), recording the `keys` of the batches it scores; returns the estimator (its
    `system.summary` holds every logged value) and the `ScoredBatches`."""
    tokens = ["--epochs", str(epochs), "--max_train_steps_per_epoch", str(train_steps),
              "--max_eval_steps_per_epoch", str(eval_steps), "--log_steps", "0"]
    for name, value in arguments.items():
        tokens += [f"--{name}", str(value)]
    estimator = build_estimator(APPHUB / app, tokens)
    scored = with_scored_batches(estimator, keys)
    return run_estimator("train", estimator), scored


def class_ids(values):
    """Class ids from labels or scores: argmax of one-hot / class scores, `> 0.5` of one score per sample."""
    values = np.asarray(values)
    if values.ndim > 1 and values.shape[-1] > 1:
        return values.argmax(-1)
    values = values.reshape(len(values))
    return values.astype("int64") if np.issubdtype(values.dtype, np.integer) else (values > 0.5).astype("int64")


def cross_entropy(y_true, y_pred, epsilon=1e-7):
    """The mean cross-entropy of probabilities `y_pred` (one score: binary; else categorical) against class ids,
    one-hot or soft labels, in float64 with Keras's clipping."""
    y_pred = np.clip(np.asarray(y_pred, "float64"), epsilon, 1 - epsilon)
    if y_pred.shape[-1] == 1:
        y_true = np.asarray(y_true, "float64").reshape(y_pred.shape)
        return float(np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))))
    if np.ndim(y_true) < y_pred.ndim:
        y_true = np.eye(y_pred.shape[-1])[np.asarray(y_true).reshape(len(y_pred))]
    return float(np.mean(-np.sum(y_true * np.log(y_pred), axis=-1)))


def logits_cross_entropy(y_true, logits):
    """The mean categorical cross-entropy of class `logits` (softmax in float64, no clipping) against class ids
    or one-hot labels."""
    logits = np.asarray(logits, "float64")
    shifted = logits - logits.max(-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(-1, keepdims=True))
    if np.ndim(y_true) < logits.ndim:
        y_true = np.eye(logits.shape[-1])[np.asarray(y_true).reshape(len(logits))]
    return float(np.mean(-np.sum(y_true * log_p, axis=-1)))


SCORES = {"accuracy": lambda y, p: accuracy_score(class_ids(y), class_ids(p)),
          # FastEstimator's default: binary for one score per sample, one value per class otherwise
          "f1_score": lambda y, p: f1_score(class_ids(y), class_ids(p),
                                            average="binary" if np.asarray(p).reshape(len(p), -1).shape[1] == 1
                                            else None),
          "auc": lambda y, p: roc_auc_score(class_ids(y), np.asarray(p).reshape(len(p), -1)[:, -1])}


def check_scores(estimator, scored, mode, oracles, x="x", y="y", pred="y_pred", feed="x"):
    """The values the latest epoch of `mode` logged equal their `oracles` ({logged key: function(labels,
    predictions)}) on the batches it scored: `network.predict` of the recorded `x` (fed as the key `feed`), in
    the same batches, with the weights `scored` kept at that epoch's end (which the network keeps)."""
    for model, weights in zip(estimator.network.models, scored.weights[mode]):
        model.set_weights(weights)
    arrays = scored.arrays(mode)
    predicted = estimator.network.predict({feed: arrays[x]}, batch_size=scored.batch_size(mode), verbose=0)[pred]
    expected = {key: oracle(arrays[y], predicted) for key, oracle in oracles.items()}
    logged = {key: estimator.system.summary.epoch_values(mode, key)[-1] for key in expected}
    assert logged == pytest.approx(expected, rel=1e-4, abs=1e-6), mode


def update_steps(model):
    """The updates `model`'s optimizer was asked for: its steps, and for a `LossScaleOptimizer` (mixed_float16)
    also the steps it skipped because the scaled gradients overflowed (each halves its scale; it doubles only after
    `dynamic_growth_steps` good steps in a row, more than a test runs)."""
    optimizer = model.optimizer
    if not isinstance(optimizer, keras.optimizers.LossScaleOptimizer):
        return int(optimizer.iterations)
    skipped = np.log2(optimizer.initial_scale / float(keras.ops.convert_to_numpy(optimizer.dynamic_scale)))
    assert skipped == int(skipped) >= 0, f"{model.name}: its loss scale grew or is no power of 2 ({skipped})"
    return int(optimizer.iterations) + int(skipped)


def check_run(estimator, scored, loss, metrics, epochs=2, train_steps=3, from_logits=False):
    """Every epoch logged `loss` in train and eval, each metric in eval; every model's optimizer took
    `epochs * train_steps` steps (`update_steps`); and the latest eval epoch's and the test's cross-entropy `loss`
    (of probabilities, or of logits if `from_logits`) and `metrics` (names in SCORES) equal their recomputation
    from "x" and "y" (`check_scores`)."""
    summary = estimator.system.summary
    for mode, keys, count in (("train", [loss], epochs), ("eval", [loss, *metrics], epochs),
                              ("test", [loss, *metrics], 1)):
        for key in keys:
            assert len(summary.epoch_values(mode, key)) == count, (mode, key, summary.epoch_values(mode, key))
    for model in estimator.network.models:
        assert update_steps(model) == epochs * train_steps
    for mode in ("eval", "test"):  # test last: the network keeps the test's (the final) weights
        check_scores(estimator, scored, mode, {loss: logits_cross_entropy if from_logits else cross_entropy,
                                               **{name: SCORES[name] for name in metrics}})


def weights_of(model):
    return [keras.ops.convert_to_numpy(v).copy() for v in model.trainable_weights]


def changed(before, model):
    """Whether every trainable weight of `model` differs from `before`."""
    return all(not np.array_equal(old, new) for old, new in zip(before, weights_of(model)))


def train(app, keys=("x", "y"), **arguments):
    """The estimator `kerasfe train apphub/<app> --name value ...` builds, after `fit()` (the test is left to the
    caller), recording the `keys` of the batches it scores; returns it and the `ScoredBatches`."""
    tokens = [token for name, value in arguments.items() for token in (f"--{name}", str(value))]
    estimator = build_estimator(APPHUB / app, tokens)
    scored = with_scored_batches(estimator, keys)
    estimator.fit()
    return estimator, scored


def write_mnist(cache_dir, train_samples=48, eval_samples=16, seed=0):
    """A random mnist.npz (uint8 28x28 images, labels 0-9) where kerasfe.dataset.data.mnist reads it."""
    folder = pathlib.Path(cache_dir) / "datasets"
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    arrays = {f"x_{part}": rng.integers(0, 256, (size, 28, 28), dtype="uint8")
              for part, size in (("train", train_samples), ("test", eval_samples))}
    arrays.update({f"y_{part}": rng.integers(0, 10, size).astype("uint8")
                   for part, size in (("train", train_samples), ("test", eval_samples))})
    np.savez(folder / "mnist.npz", **arrays)


def write_image(path, array):
    """Saves a uint8 array (H, W) or (H, W, 3) as an image file (format from the extension)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.asarray(array, "uint8")).save(path)


def write_cifar10(cache_dir, per_file=8, seed=0, signal=0.0):
    """A CIFAR-10 archive where kerasfe.dataset.data.cifar10 reads it (`<cache_dir>/datasets/cifar-10-python-
    target_archive`: pickled batches in cifar-10-batches-py/, five of training and one of test, `per_file` images
    each). The images are uniform noise; with `signal` > 0 every pixel of an image of class c is also shifted by
    `signal` (of 255) times a color of that class (a fixed RGB direction), so that the classes can be learnt
    whatever crop, flip or cutout is applied."""
    cache_dir = pathlib.Path(cache_dir)
    (cache_dir / "datasets").mkdir(parents=True, exist_ok=True)
    root = cache_dir / "cifar-10-batches-py"
    root.mkdir()
    rng = np.random.default_rng(seed)
    colors = np.random.default_rng(1).uniform(-1, 1, (10, 3))
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        labels = rng.integers(0, 10, per_file)
        images = rng.integers(0, 256, (per_file, 3, 32, 32)) + signal * colors[labels][:, :, None, None]
        with open(root / name, "wb") as file:
            pickle.dump({b"data": np.clip(images, 0, 255).astype("uint8").reshape(per_file, -1),
                         b"labels": labels.tolist()}, file)
    with tarfile.open(cache_dir / "datasets" / "cifar-10-python-target_archive", "w:gz") as archive:
        archive.add(root, arcname="cifar-10-batches-py")
