"""Estimator: trains a Network on a Pipeline's data, epoch by epoch, and evaluates it."""
import time

from kerasfe.errors import ConfigError


class Estimator:
    """Runs `epochs` of training (with evaluation after each epoch when there is eval data) and testing.

    Each epoch is one `network.fit` over that epoch's batches, so per-epoch changes to the data
    take effect; evaluation and testing use `network.evaluate` in the "eval" and "test" modes.
    Losses are printed after each epoch and returned in the history.

    Args:
        pipeline: a `fe.Pipeline`.
        network: a `fe.Network`.
        epochs: how many epochs to train.
        max_train_steps_per_epoch: cap on train steps per epoch (None: the whole data set).
        max_eval_steps_per_epoch: cap on eval / test steps (None: the whole data set).
        verbose: print a line per epoch.

    Example:
        >>> import keras, numpy as np, kerasfe as fe
        >>> from kerasfe.op.tensorop import ModelOp, MeanSquaredError, UpdateOp
        >>> model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "sgd")
        >>> network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
        ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
        ...                           UpdateOp(model=model, loss_name="mse")])
        >>> data = {"x": np.ones((8, 3), "float32"), "y": np.zeros((8, 1), "float32")}
        >>> estimator = fe.Estimator(fe.Pipeline(train_data=data, eval_data=data, batch_size=4), network,
        ...                          epochs=2, verbose=False)
        >>> history = estimator.fit()
        >>> len(history["train"]["mse"]), len(history["eval"]["mse"])
        (2, 2)
    """

    def __init__(self, pipeline, network, epochs, max_train_steps_per_epoch=None, max_eval_steps_per_epoch=None,
                 verbose=True):
        if not isinstance(epochs, int) or epochs < 1:
            raise ConfigError(f"Estimator: epochs must be a positive int; got {epochs!r}")
        self.pipeline, self.network, self.epochs = pipeline, network, epochs
        self.max_train_steps_per_epoch = max_train_steps_per_epoch
        self.max_eval_steps_per_epoch = max_eval_steps_per_epoch
        self.verbose = verbose
        self.history = {"train": {}, "eval": {}, "test": {}}

    def fit(self):
        """Trains for `epochs` epochs; returns the history {mode: {key: [value per epoch]}}."""
        for epoch in range(1, self.epochs + 1):
            start = time.perf_counter()
            keras_history = self.network.fit(self.pipeline.get_loader("train", epoch), epochs=epoch,
                                             initial_epoch=epoch - 1, steps_per_epoch=self.max_train_steps_per_epoch,
                                             shuffle=False, verbose=0)
            train_logs = {key: values[-1] for key, values in keras_history.history.items()}
            self._record("train", epoch, train_logs, time.perf_counter() - start)
            if "eval" in self.pipeline.modes():
                self._record("eval", epoch, self._evaluate("eval", epoch))
        return self.history

    def test(self):
        """Runs the test data through the "test" ops; returns the mean of each loss."""
        logs = self._evaluate("test", self.epochs)
        self._record("test", self.epochs, logs)
        return logs

    def _evaluate(self, mode, epoch):
        return self.network.evaluate(self.pipeline.get_loader(mode, epoch), mode=mode,
                                     steps=self.max_eval_steps_per_epoch, verbose=0, return_dict=True)

    def _record(self, mode, epoch, logs, seconds=None):
        logs = {key: float(value) for key, value in logs.items()}
        for key, value in logs.items():
            self.history[mode].setdefault(key, []).append(value)
        if self.verbose:
            timing = "" if seconds is None else f"; epoch_time: {seconds:.2f} sec"
            values = "; ".join(f"{key}: {value:.5g}" for key, value in logs.items())
            print(f"FastEstimator-{mode.capitalize()}: epoch: {epoch}; {values}{timing}", flush=True)
