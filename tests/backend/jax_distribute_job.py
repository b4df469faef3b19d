"""The trainings the JAX distribution tests compare: run in this process (the one-device reference) and in
subprocesses with 8 virtual devices or as 2 connected processes (`python jax_distribute_job.py JOB OUT`).
A run ("feature", name, "fit") is `distribute_features.train(name)`."""
import os
import pickle
import sys
import time

import keras
import numpy as np

import kerasfe as fe
from kerasfe.architecture import DCGANDiscriminator, DCGANGenerator, LeNet, dcgan_ops
from kerasfe.backend import jax_distribute
from kerasfe.dataset.data import digits
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace.keras_bridge import as_callbacks
from kerasfe.trace.trace import Trace
from tests.backend import distribute_features as features

GLOBAL_BATCH = 16
STEPS = 2
# runs: (model, optimizer, "fit" (network.fit) or "estimator")
EVERY_RUN = [(kind, optimizer, "fit") for kind in ("lenet", "gan") for optimizer in ("sgd", "adam")]
FEATURE_RUNS = [("feature", feature, "fit") for feature in features.FEATURES]
BUS_KEYS = {"lenet": ("y", "y_pred"), "gan": ("z", "fake_score")}
LOSS_KEYS = {"lenet": "ce", "gan": "d_loss"}


def samples(kind, count=GLOBAL_BATCH * STEPS):
    """The first `count` digits: {"x", "y"} for LeNet, {"x" in [-1, 1], "z": latent vectors} for the GAN."""
    train = digits.load_data()[0]
    if kind == "lenet":
        return {"x": train["x"][:count], "y": train["y"][:count]}
    return {"x": train["x"][:count] * 2 - 1, "z": np.random.default_rng(0).normal(size=(count, 8)).astype("float32")}


def process_rows(data, index, count, global_batch=GLOBAL_BATCH):
    """Process `index`'s part of every global batch: its contiguous block of `global_batch // count` rows."""
    size = global_batch // count
    rows = np.concatenate([np.arange(start + index * size, start + (index + 1) * size)
                           for start in range(0, len(next(iter(data.values()))), global_batch)])
    return {key: value[rows] for key, value in data.items()}


class BatchRecorder(Trace):
    """Keeps, for every train batch, the values of its `inputs` that the Traces get."""

    def __init__(self, keys):
        super().__init__(inputs=list(keys), mode="train")
        self.batches = []

    def on_batch_end(self, data):
        self.batches.append({key: np.asarray(data[key]) for key in self.inputs})


def network_of(kind, optimizer):
    """A LeNet classifier or a DCGAN pair on seed 0, with its models."""
    keras.utils.set_random_seed(0)
    if kind == "lenet":
        model = fe.build(LeNet, optimizer)
        return fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                               CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                               UpdateOp(model=model, loss_name="ce")]), [model]
    generator = fe.build(lambda: DCGANGenerator(latent_dim=8), optimizer)
    discriminator = fe.build(DCGANDiscriminator, optimizer)
    return fe.Network(ops=dcgan_ops(generator, discriminator)), [generator, discriminator]


def train(kind, optimizer, how, data, batch_size=GLOBAL_BATCH):
    """Trains one epoch on `data` in order; returns {"loss": per batch, each bus key: concatenated over the
    batches, "weights": the final weights of every model} as the Traces and the models show them."""
    network, models = network_of(kind, optimizer)
    recorder = BatchRecorder(BUS_KEYS[kind] + (LOSS_KEYS[kind],))
    if how == "fit":
        network.fit(data, batch_size=batch_size, shuffle=False, verbose=0, callbacks=as_callbacks([recorder]))
    else:
        pipeline = fe.Pipeline(train_data=data, batch_size=batch_size, seed=0)
        fe.Estimator(pipeline=pipeline, network=network, epochs=1, traces=[recorder], log_steps=None).fit()
    result = {key: np.concatenate([batch[key] for batch in recorder.batches]) for key in BUS_KEYS[kind]}
    result["loss"] = np.array([batch[LOSS_KEYS[kind]] for batch in recorder.batches])
    result["weights"] = [np.asarray(w) for model in models for w in model.get_weights()]
    return result


def lenet_layouts():
    """A LayoutMap over a (2 batch, 4 model) mesh of every device: LeNet's conv kernels split by output
    channel, its dense kernels by input feature."""
    mesh = keras.distribution.DeviceMesh((2, 4), ["batch", "model"], keras.distribution.list_devices())
    layout_map = keras.distribution.LayoutMap(mesh)
    layout_map[".*conv2d.*kernel"] = (None, None, None, "model")
    layout_map[".*dense.*kernel"] = ("model", None)
    return layout_map


def run_one(run, index=0, count=1):
    """`run` as process `index` of `count`: each reads its own part of every global batch (`network.fit` from a
    hand-made part, the Estimator through the Pipeline's own sharding)."""
    if run[0] == "feature":
        return features.train(run[1], index, count)
    if run[2] == "estimator":
        return train(*run, samples(run[0]))
    return train(*run, process_rows(samples(run[0]), index, count), batch_size=GLOBAL_BATCH // count)


def in_process(distribute, runs):
    """The `runs` under `distribute()`, on the global batches."""
    distribute()
    return {run: run_one(run) for run in runs}


def processes(runs):
    """This process's `runs` as one of connected data-parallel processes (see `run_one`), and what
    `all_gather_object` gives for an object of this process's own size."""
    jax_distribute.data_parallel()
    index, count = jax_distribute.process_index(), jax_distribute.process_count()
    results = {run: run_one(run, index, count) for run in runs}
    results["gathered"] = jax_distribute.all_gather_object({"index": index, "items": list(range(index * 100))})
    return results


class Heartbeat(keras.callbacks.Callback):
    """Prints "step" after every train batch (and waits a little), so a test sees training run."""

    def on_train_batch_end(self, batch, logs=None):
        print("step", flush=True)
        time.sleep(0.2)


def endless():
    """Trains LeNet as data-parallel processes until killed (a test kills one of them)."""
    jax_distribute.data_parallel()
    network, _ = network_of("lenet", "sgd")
    data = process_rows(samples("lenet"), jax_distribute.process_index(), jax_distribute.process_count())
    network.fit(data, batch_size=GLOBAL_BATCH // jax_distribute.process_count(), epochs=10_000, verbose=0,
                callbacks=[Heartbeat()])


JOBS = {"data_parallel": lambda runs: in_process(jax_distribute.data_parallel, runs),
        "model_parallel": lambda runs: in_process(lambda: jax_distribute.model_parallel(lenet_layouts), runs),
        "processes": processes, "endless": lambda runs: endless()}


def command(job, runs, out):
    """The command line that runs `job` on `runs` and pickles its results to `out`."""
    return [sys.executable, __file__, job, ",".join(":".join(run) for run in runs), str(out)]


if __name__ == "__main__":
    job, runs, out = sys.argv[1:]
    results = JOBS[job]([tuple(run.split(":")) for run in runs.split(",") if run])
    with open(out + ".tmp", "wb") as file:
        pickle.dump(results, file)
    os.replace(out + ".tmp", out)
