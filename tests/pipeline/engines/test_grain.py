import threading

import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.numpyop import Minmax
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from tests.pipeline.augmented_images import IMAGES, augment_ops


def test_eval_runs_only_its_ops_in_order_and_trailing_batch_ops_match_per_sample():
    pipeline = fe.Pipeline(train_data=IMAGES, eval_data=IMAGES, batch_size=16, ops=augment_ops(), seed=0)
    evaluation = pipeline.get_results("eval", num_steps=1)[0]
    np.testing.assert_allclose(evaluation["x"], (IMAGES["x"][:16] / 255.0 - 0.5) / 0.25, atol=1e-5)
    loader = pipeline.get_loader("eval")
    assert len(loader) == 3 and isinstance(loader, keras.utils.PyDataset)
    assert pipeline.get_loader("train").num_threads == pipeline.num_process >= 1
    assert loader.num_threads == pipeline.num_process  # eval runs Normalize once per batch, ahead in threads
    assert fe.Pipeline(eval_data=IMAGES, batch_size=4).get_loader("eval").num_threads == 0  # a bare gather
    assert fe.Pipeline(train_data=IMAGES, batch_size=4, ops=augment_ops(), num_process=0).get_loader(
        "train").num_threads == 0


class _ThreadCount(fe.trace.Trace):
    """Records the number of live threads at the end of each train epoch."""

    def __init__(self):
        super().__init__(mode="train")
        self.counts = []

    def on_epoch_end(self, data):
        self.counts.append(threading.active_count())


def _fit_with_threads(epochs, trace=None):
    """A build-and-fit run of `epochs` epochs on tiny data, read ahead by 2 grain threads."""
    rng = np.random.default_rng(0)
    data = {"x": rng.random((16, 4)).astype("float32"), "y": rng.integers(0, 3, 16)}
    model = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]),
                     "sgd")
    network = fe.Network(ops=[ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              UpdateOp(model, "ce")])
    pipeline = fe.Pipeline(train_data=data, eval_data=data, batch_size=4, num_process=2, ops=[Minmax("x", "x")])
    loader = pipeline.get_loader("train")
    assert loader.num_threads == 2  # the epochs really are read ahead by grain threads
    loader.close()
    fe.Estimator(pipeline, network, epochs=epochs, traces=[trace] if trace else None, log_steps=None).fit()


def test_a_30_epoch_run_keeps_a_flat_thread_count():
    counts = _ThreadCount()
    _fit_with_threads(30, counts)
    assert len(counts.counts) == 30
    # a thread that a closed iterator stops may still be finishing, so the count wavers by a thread or two from epoch
    # to epoch; a leak grows it every epoch (it was +4 per epoch: 25 -> 141 over 30 epochs)
    assert np.median(counts.counts[-10:]) <= max(counts.counts[:10]), counts.counts


def _threads_after(runs):
    before = threading.active_count()
    for _ in range(4):
        runs()
    return threading.active_count() - before


def test_repeated_fits_add_no_threads_beyond_plain_keras():
    data = np.random.default_rng(0).random((16, 4)).astype("float32")

    def plain_keras():
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile("sgd", "sparse_categorical_crossentropy")
        model.fit(data, np.zeros(16), batch_size=4, epochs=2, validation_data=(data, np.zeros(16)), verbose=0)

    plain_keras(), _fit_with_threads(1)  # each starts the threads it keeps for the process once
    # slack: TensorFlow's own pool may call into Python from a new thread once more; it was +4 threads per fit
    assert _threads_after(lambda: _fit_with_threads(2)) <= max(_threads_after(plain_keras), 0) + 2
