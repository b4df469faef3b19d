"""Small Traces and runs shared by the trace tests."""
import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, ModelOp, UpdateOp
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


def nan_loss_run(blobs, bad_step, traces=(), epochs=2, **estimator_kwargs):
    """A run whose loss 'total' (ce * (1 + 0 * log(min(m)))) is NaN at train step `bad_step` of epoch 1 (its data is
    finite: one sample of that batch has m = -1), so the first non-finite loss is known exactly; its gradient is NaN
    too, so the weights are NaN after that step."""
    pipeline = fe.Pipeline(train_data={**blobs, "m": np.ones(64, "float32")}, batch_size=8, seed=0)
    order = pipeline.get_results("train", num_steps=8, epoch=1)
    row = int(np.flatnonzero((blobs["x"] == order[bad_step - 1]["x"][3]).all(axis=1))[0])
    marker = np.ones(64, "float32")
    marker[row] = -1.0
    pipeline = fe.Pipeline(train_data={**blobs, "m": marker}, batch_size=8, seed=0)
    model = fe.build(dense_model, "sgd")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              LambdaOp(fn=lambda ce, m: ce * (1.0 + 0.0 * keras.ops.log(keras.ops.min(m))),
                                       inputs=("ce", "m"), outputs="total"),
                              UpdateOp(model=model, loss_name="total")])
    return fe.Estimator(pipeline, network, epochs=epochs, traces=list(traces), **estimator_kwargs)


class Batches(Trace):
    """Counts the train batches that ended."""

    def __init__(self):
        super().__init__(mode="train")
        self.ended = 0

    def on_batch_end(self, data):
        self.ended += 1
