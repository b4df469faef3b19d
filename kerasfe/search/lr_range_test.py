"""The learning-rate range test (Smith 2017): train briefly while the learning rate grows exponentially."""
import dataclasses
import itertools

import keras
import numpy as np

from kerasfe.atomic_file import save_atomically
from kerasfe.errors import ConfigError


@dataclasses.dataclass
class LRRangeResult:
    """The learning rates tried, the loss after each step, and the suggested learning rate."""

    lrs: list
    losses: list
    suggested_lr: float

    def plot(self, path=None):
        """Plots loss vs learning rate (log scale) with the suggestion marked; saves to `path` if given.
        Returns the matplotlib figure."""
        import matplotlib

        if path is not None:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        figure, axis = plt.subplots(figsize=(6, 4))
        axis.plot(self.lrs[:len(self.losses)], self.losses)
        axis.axvline(self.suggested_lr, color="red", linestyle="--", label=f"suggested lr {self.suggested_lr:.3g}")
        axis.set(xscale="log", xlabel="learning rate", ylabel="loss", title="LR range test")
        axis.legend()
        if path is not None:
            save_atomically(figure.savefig, path)
            plt.close(figure)
        return figure


def _batches(data, batch_size):
    """Endless batch dicts from a dict of arrays (in `batch_size` slices) or an iterable of batch dicts."""
    if isinstance(data, dict):
        size = len(next(iter(data.values())))
        if size < batch_size:
            raise ConfigError(f"lr_range_test: batch_size {batch_size} is larger than the data ({size} samples)")
        starts = range(0, size - batch_size + 1, batch_size)
        return ({key: value[start:start + batch_size] for key, value in data.items()} for start in itertools.cycle(starts))
    return (batch for _ in itertools.count() for batch in data)


def _generator(batches):
    """Keras takes generators of tuples: each batch dict goes as a 1-tuple."""
    for batch in batches:
        yield (batch,) if isinstance(batch, dict) else batch


def _suggestion(lrs, losses):
    """The learning rate where the smoothed loss falls fastest (per log lr), before its minimum."""
    smoothed, average = [], 0.0
    for step, loss in enumerate(losses, start=1):
        average = 0.8 * average + 0.2 * loss
        smoothed.append(average / (1 - 0.8 ** step))
    smoothed = np.array(smoothed)
    lowest = int(np.argmin(smoothed))
    if lowest < 2:
        return float(lrs[lowest])
    slopes = np.gradient(smoothed[:lowest + 1], np.log(lrs[:lowest + 1]))
    return float(lrs[int(np.argmin(slopes))])


def lr_range_test(network, model, data, min_lr=1e-6, max_lr=1.0, num_steps=50, batch_size=32, loss_name="loss",
                  diverge_factor=4.0):
    """Trains `network` for up to `num_steps` steps, setting `model`'s learning rate from `min_lr` to
    `max_lr` exponentially, records the loss of each step, then restores every weight and optimizer state.

    It stops early once the loss exceeds `diverge_factor` times the lowest loss seen (or is not finite).

    Args:
        network: a `fe.Network` (its epoch-1 ops run).
        model: the model whose optimizer's learning rate is swept (a float learning rate).
        data: a dict of arrays (cut into `batch_size` batches) or an iterable of batch dicts, such as
            `pipeline.get_loader("train")`; it is cycled as needed.
        loss_name: the logged loss to record ("loss": the sum of the updated losses).

    Returns:
        An `LRRangeResult` (`lrs`, `losses`, `suggested_lr`, and `plot(path)`).

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp, MeanSquaredError, UpdateOp
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)),
        ...                                            keras.layers.Dense(1, kernel_initializer="zeros")]), "sgd")
        >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
        ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
        ...                           UpdateOp(model=model, loss_name="mse")])
        >>> x = np.random.default_rng(0).normal(size=(64, 3)).astype("float32")
        >>> result = lr_range_test(network, model, {"x": x, "y": x.sum(1, keepdims=True)}, num_steps=10,
        ...                        batch_size=16)
        >>> len(result.lrs), len(result.losses), result.suggested_lr  # the loss still falls fastest at the end
        (10, 10, 1.0)
    """
    if not 0 < min_lr < max_lr or num_steps < 2:
        raise ConfigError(f"lr_range_test: need 0 < min_lr < max_lr and num_steps >= 2; got min_lr={min_lr}, "
                          f"max_lr={max_lr}, num_steps={num_steps}")
    batches = _batches(data, batch_size)
    first = next(batches)
    network.build_from_batch(first)  # builds the models and optimizers, so all their state is saved
    saved = [(v, keras.ops.convert_to_numpy(v.value)) for v in network.variables + network.optimizer.variables]
    lrs = [float(lr) for lr in np.geomspace(min_lr, max_lr, num_steps)]
    losses = []

    class Sweep(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            model.optimizer.learning_rate = lrs[epoch]

        def on_epoch_end(self, epoch, logs=None):
            if loss_name not in logs:
                raise ConfigError(f"lr_range_test: the network logs {sorted(logs)}, not '{loss_name}'")
            losses.append(float(logs[loss_name]))
            if not np.isfinite(losses[-1]) or losses[-1] > diverge_factor * min(losses):
                self.model.stop_training = True

    try:
        network.fit(_generator(itertools.chain([first], batches)), epochs=num_steps, steps_per_epoch=1, verbose=0,
                    shuffle=False, callbacks=[Sweep()])
    finally:
        for variable, value in saved:
            variable.assign(value)
    finite = [loss if np.isfinite(loss) else np.inf for loss in losses]
    return LRRangeResult(lrs=lrs, losses=losses, suggested_lr=_suggestion(lrs[:len(finite)], finite))
