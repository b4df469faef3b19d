"""Small Traces and runs shared by the trace tests."""
import numpy as np

import kerasfe as fe
from kerasfe.trace import Trace
from tests.conftest import classifier_network, dense_model


class Scripted(Trace):
    """Writes `values[epoch - 1]` under `key` (with log) at the end of each epoch of `mode`."""

    def __init__(self, key, values, mode="eval"):
        super().__init__(outputs=key, mode=mode)
        self.values = values

    def on_epoch_end(self, data):
        data.write_with_log(self.outputs[0], self.values[self.system.epoch_idx - 1])


class Recorder(Trace):
    """Keeps, per hook, (mode, epoch, keys of the data) and the network's weights at each epoch end."""

    def __init__(self, inputs=None, mode=None):
        super().__init__(inputs=inputs, mode=mode)
        self.batch_keys, self.weights = [], []

    def on_batch_end(self, data):
        self.batch_keys.append((self.system.mode, sorted(data)))

    def on_epoch_end(self, data):
        if self.system.mode == "train":
            self.weights.append([np.array(w) for w in self.system.network.get_weights()])


def estimator(blobs, traces, epochs=3, model=None, optimizer="adam", **kwargs):
    """A dense classifier on the blobs, evaluated on them, with `traces`."""
    model = model or fe.build(dense_model, optimizer)
    pipeline = fe.Pipeline(train_data=blobs, eval_data=blobs, test_data=blobs, batch_size=16, seed=0)
    kwargs.setdefault("log_steps", None)
    return fe.Estimator(pipeline, classifier_network(model), epochs=epochs, traces=traces, **kwargs)
