"""The app the multi-process tests run with `kerasfe train --nproc 2 app.py --out DIR`: a tiny classifier with every
kind of file writer, each writing under DIR/files/rank<i> (so a file any other process than the chief writes
shows), and a report per rank (DIR/report_rank<i>.json: the epochs it trained, the sample ids of its shard of
epochs 1 and 2, its pid). `--stop_rank R`: rank R alone asks to stop after the evaluation of epoch 1. `--die_at_step S`:
rank 1 kills itself (SIGKILL) at the end of train step S."""
import json
import os
import signal

import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.io import BestModelSaver, CSVLogger, ModelSaver, TensorBoard
from kerasfe.trace.trace import Trace

SAMPLES, BATCH_SIZE = 24, 8


class StopOnRank(Trace):
    """Process `rank` alone asks to stop at the end of the first evaluation."""

    def __init__(self, rank):
        super().__init__(mode="eval")
        self.rank = rank

    def on_epoch_end(self, data):
        if fe.distribute.process_index() == self.rank:
            self.system.stop_training = True


class DieOnRankOne(Trace):
    """Rank 1 kills itself at the end of train step `step`."""

    def __init__(self, step):
        super().__init__(mode="train")
        self.step = step

    def on_batch_end(self, data):
        if fe.distribute.process_index() == 1 and self.system.global_step == self.step:
            os.kill(os.getpid(), signal.SIGKILL)


class Report(Trace):
    """Writes what this process did to `out/report_rank<i>.json` (plain files: this is the test's own record)."""

    def __init__(self, out, pipeline):
        super().__init__(mode="train")
        self.out, self.pipeline, self.epochs = out, pipeline, []
        self.rank = fe.distribute.process_index()
        self._write()

    def on_epoch_end(self, data):
        self.epochs.append(self.system.epoch_idx)
        self._write()

    def _write(self):
        shards = {epoch: [batch["id"].tolist() for batch in self.pipeline.get_results("train", 10, epoch=epoch)]
                  for epoch in (1, 2)}
        report = {"pid": os.getpid(), "count": fe.distribute.process_count(), "epochs": self.epochs, "shards": shards}
        with open(os.path.join(self.out, f"report_rank{self.rank}.json"), "w") as file:
            json.dump(report, file)


def get_estimator(out, epochs=3, stop_rank=-1, die_at_step=0):
    rng = np.random.default_rng(0)
    data = {"x": rng.normal(size=(SAMPLES, 4)).astype("float32"), "y": rng.integers(0, 3, SAMPLES),
            "id": np.arange(SAMPLES)}
    pipeline = fe.Pipeline(train_data=data, eval_data=data, batch_size=BATCH_SIZE, seed=0)
    model = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]),
                     "sgd", model_name="net")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    files = os.path.join(out, "files", f"rank{fe.distribute.process_index()}")
    traces = [BestModelSaver(model, files, metric="ce"), ModelSaver(model, files, max_to_keep=1),
              CSVLogger(os.path.join(files, "log.csv")), TensorBoard(os.path.join(files, "tensorboard")),
              keras.callbacks.CSVLogger(os.path.join(files, "keras_log.csv")),
              StopOnRank(stop_rank), DieOnRankOne(die_at_step), Report(out, pipeline)]
    return fe.Estimator(pipeline=pipeline, network=network, epochs=epochs, traces=traces, log_steps=None)
