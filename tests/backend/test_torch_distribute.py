"""PyTorch data parallelism: 2 gloo processes on 127.0.0.1 train as one process does on the global batch.

The processes are started as `torchrun` starts them (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK)
by running this module; each reads its own shard, block `rank` of every global batch (`network.fit` from a
hand-made shard, the Estimator through the Pipeline's own sharding). The trainings of `distribute_features`
(merge_grad in a 2-model GAN, EMA weights with a distributed `Accuracy`, mixed precision) run there too.
"""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture.dcgan import dcgan_ops
from kerasfe.architecture.lenet import LeNet
from kerasfe.dataset.data import digits
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp
from kerasfe.trace import Trace, as_callbacks
from kerasfe.trace.metric import Accuracy
from tests.backend import distribute_features as features

pytestmark = pytest.mark.skipif(keras.backend.backend() != "torch", reason="PyTorch distribution")

PROCESSES, GLOBAL_BATCH, STEPS, EPOCHS = 2, 16, 3, 2
TOLERANCE = 1e-5
TIMEOUT = 10  # seconds a collective waits (data_parallel's timeout) in the jobs that fail; 120 in those that train
KINDS = {"lenet": ("ce",), "gan": ("d_loss", "fake_loss", "g_loss", "real_loss")}
BUS = {"lenet": ("x", "y", "y_pred"), "gan": ("z", "fake_score")}
# (model, optimizer, loop, sync_batchnorm); the first five cover each model, optimizer and loop (the last one:
# BatchNormalization's statistics of each process's own batch), the slow rest completes the product
SCENARIOS = [("lenet", "sgd", "estimator", True), ("lenet", "adam", "fit", True), ("gan", "sgd", "fit", True),
             ("gan", "adam", "estimator", True), ("gan", "adam", "fit", False),
             ("lenet", "sgd", "fit", True), ("lenet", "adam", "estimator", True), ("gan", "sgd", "estimator", True),
             ("gan", "adam", "fit", True)]
FAST, UNSYNCED = range(4), 4
FEATURES = {len(SCENARIOS) + i: feature for i, feature in enumerate(features.FEATURES)}  # scenario index -> name
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Recorder(Trace):
    """Keeps every batch's losses and bus values, and the epoch's accuracy, in the order they come."""

    def __init__(self, losses, bus):
        super().__init__(inputs=bus, mode=None)
        self.losses, self.records = losses, []

    def on_batch_end(self, data):
        mode = self.system.mode
        self.records += [(f"{mode}/{key}", np.asarray(data[key])) for key in self.losses + self.inputs]

    def on_epoch_end(self, data):
        if "accuracy" in data:
            self.records.append(("accuracy", np.asarray(data["accuracy"])))


def shard(data, rank, count):
    """Block `rank` of `count` of every global batch, in batch order (what process `rank` reads)."""
    size = GLOBAL_BATCH // count
    rows = np.concatenate([np.arange(start + rank * size, start + (rank + 1) * size)
                           for start in range(0, len(data["x"]), GLOBAL_BATCH)])
    return {key: value[rows] for key, value in data.items()}


def gan_models(optimizer):
    generator = fe.build(lambda: keras.Sequential([
        keras.Input((4,)), keras.layers.Dense(8), keras.layers.BatchNormalization(), keras.layers.ReLU(),
        keras.layers.Dense(28 * 28, activation="tanh"), keras.layers.Reshape((28, 28, 1))], name="g"), optimizer)
    discriminator = fe.build(lambda: keras.Sequential([
        keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 5, strides=4), keras.layers.Flatten(),
        keras.layers.Dense(1)], name="d"), optimizer)
    return [generator, discriminator]


def train(kind, optimizer, loop, rank=0, count=1):
    """Trains `kind` on process `rank`'s shard of the digits (EPOCHS epochs of STEPS global batches, one eval
    batch); returns the recorded losses, bus values and accuracy, and the final weights."""
    keras.utils.set_random_seed(rank)  # process 0's weights must reach the others
    train_data, eval_data, _ = digits.load_data()
    train_data = {key: value[:STEPS * GLOBAL_BATCH] for key, value in train_data.items()}
    eval_data = {key: value[:GLOBAL_BATCH] for key, value in eval_data.items()}
    if kind == "lenet":
        models = [fe.build(LeNet, optimizer)]
        network = fe.Network(ops=[ModelOp(model=models[0], inputs="x", outputs="y_pred"),
                                  CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                                  UpdateOp(model=models[0], loss_name="ce")])
        traces = [Accuracy("y", "y_pred")]
    else:
        models = gan_models(optimizer)
        network = fe.Network(ops=dcgan_ops(*models))
        for data in (train_data, eval_data):
            data["z"] = np.random.default_rng(len(data["x"])).normal(size=(len(data["x"]), 4)).astype("float32")
        traces = []
    recorder = Recorder(list(KINDS[kind]), list(BUS[kind]))
    if loop == "estimator":  # the Pipeline reads this process's block of every global batch itself
        samples = {mode: [{key: value[i] for key, value in data.items()} for i in range(len(data["x"]))]
                   for mode, data in (("train", train_data), ("eval", eval_data))}
        pipeline = fe.Pipeline(train_data=lambda: iter(samples["train"]), eval_data=lambda: iter(samples["eval"]),
                               batch_size=GLOBAL_BATCH, num_process=0)
        fe.Estimator(pipeline, network, epochs=EPOCHS, traces=[*traces, recorder], log_steps=None).fit()
    else:
        train_data, eval_data = shard(train_data, rank, count), shard(eval_data, rank, count)
        network.fit(train_data, batch_size=GLOBAL_BATCH // count, epochs=EPOCHS, shuffle=False, verbose=0,
                    validation_data=eval_data, callbacks=as_callbacks([*traces, recorder]))
    return recorder.records, [w for model in models for w in model.get_weights()]


def save_results(folder, indices, rank, count):
    """Trains the SCENARIOS of `indices` on this process; writes `rank<rank>.npz` in `folder`."""
    results = {}
    for index in indices:
        if index in FEATURES:
            fe.distribute.data_parallel()
            results.update({f"{index}/feature/{key}": value
                            for key, value in features.train(FEATURES[index], rank, count).items()})
            continue
        kind, optimizer, loop, sync = SCENARIOS[index]
        fe.distribute.data_parallel(sync_batchnorm=sync)
        records, weights = train(kind, optimizer, loop, rank, count)
        results.update({f"{index}/record/{i}/{name}": value for i, (name, value) in enumerate(records)})
        results.update({f"{index}/weight/{i}": value for i, value in enumerate(weights)})
    np.savez(os.path.join(folder, f"rank{rank}.npz"), **results)


def fail_mid_epoch(rank, how):
    """Process 1 sends itself `how` (SIGKILL: it dies; SIGSTOP: it hangs) before its third train step; process 0
    must fail on that step's all-reduce."""
    class Fail(Trace):
        def on_batch_begin(self, data):
            if rank == 1 and self.system.batch_idx == 2:
                print("SIGNALLED", time.time(), file=sys.stderr, flush=True)
                os.kill(os.getpid(), how)

    models = [fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")]),
                       "sgd")]
    network = fe.Network(ops=[ModelOp(model=models[0], inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=models[0], loss_name="ce")])
    data = {"x": np.ones((64, 4), "float32"), "y": np.zeros(64, "int64")}
    try:
        network.fit(data, batch_size=4, epochs=1, shuffle=False, verbose=0, callbacks=as_callbacks([Fail(mode="train")]))
    finally:
        print("FAILED", time.time(), file=sys.stderr, flush=True)


def seconds_to_fail(results):
    """How long process 0 took to fail after process 1 sent itself the signal (both print time.time())."""
    (_, stderr0, _), (_, stderr1, _) = results
    return float(stderr0.rsplit("FAILED ", 1)[1].split()[0]) - float(stderr1.rsplit("SIGNALLED ", 1)[1].split()[0])


def launch(job, folder, timeout, *args, until_chief_exits=False):
    """Runs `job` of this module (with `args`) in PROCESSES processes with torchrun's environment; returns
    [(return code, stderr, the time.monotonic() of its exit)] per process. `until_chief_exits`: once process 0
    has exited, the others are killed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    processes = []
    for rank in range(PROCESSES):
        env = dict(os.environ, MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port), RANK=str(rank),
                   WORLD_SIZE=str(PROCESSES), LOCAL_RANK=str(rank), LOCAL_WORLD_SIZE=str(PROCESSES),
                   KERAS_BACKEND="torch", PYTHONPATH=ROOT, OMP_NUM_THREADS="1")
        processes.append(subprocess.Popen([sys.executable, "-m", "tests.backend.test_torch_distribute", job, folder, *args],
                                          cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                          text=True))
    deadline, exits = time.monotonic() + timeout, {}
    while len(exits) < len(processes):
        if time.monotonic() > deadline:
            for process in processes:
                process.kill()
            raise TimeoutError(f"{job}: the processes did not end within {timeout} s")
        exits.update({i: time.monotonic() for i, p in enumerate(processes) if i not in exits and p.poll() is not None})
        if until_chief_exits and 0 in exits:
            for process in processes:
                process.kill()
                process.wait()
            exits.update({i: time.monotonic() for i in range(len(processes)) if i not in exits})
        time.sleep(0.05)
    return [(process.returncode, process.stderr.read(), exits[i]) for i, process in enumerate(processes)]


def train_distributed(indices):
    """Every process's results of the SCENARIOS of `indices` (both processes train them in one launch)."""
    with tempfile.TemporaryDirectory() as folder:
        for code, stderr, _ in launch("train", folder, 900, ",".join(map(str, indices))):
            assert code == 0, stderr[-3000:]
        return [dict(np.load(os.path.join(folder, f"rank{rank}.npz"))) for rank in range(PROCESSES)]


@pytest.fixture(scope="module")
def distributed_results():
    return train_distributed([*FAST, UNSYNCED, *FEATURES])


def scenario_results(results, index):
    records = sorted((key for key in results if key.startswith(f"{index}/record/")), key=lambda k: int(k.split("/")[2]))
    weights = sorted((key for key in results if key.startswith(f"{index}/weight/")), key=lambda k: int(k.split("/")[2]))
    return [(key.split("/", 3)[3], results[key]) for key in records], [results[key] for key in weights]


def assert_trains_as_one_process(distributed, index):
    reference_records, reference_weights = train(*SCENARIOS[index][:3])
    for results in distributed:
        records, weights = scenario_results(results, index)
        assert [name for name, _ in records] == [name for name, _ in reference_records]
        for (name, value), (_, expected) in zip(records, reference_records):
            assert value.shape == expected.shape, name
            if value.dtype.kind in "iu":
                np.testing.assert_array_equal(value, expected, err_msg=name)
            else:
                np.testing.assert_allclose(value, expected, rtol=0, atol=TOLERANCE, err_msg=name)
        assert len(weights) == len(reference_weights)
        for value, expected in zip(weights, reference_weights):
            np.testing.assert_allclose(value, expected, rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("index", FAST, ids=["-".join(SCENARIOS[index][:3]) for index in FAST])
def test_two_processes_train_as_one_on_the_global_batch(distributed_results, index):
    assert_trains_as_one_process(distributed_results, index)


@pytest.mark.parametrize("index", FEATURES, ids=FEATURES.values())
def test_merge_grad_ema_accuracy_and_mixed_precision_on_two_processes_as_one(distributed_results, index):
    reference = features.train(FEATURES[index])
    prefix = f"{index}/feature/"
    for results in distributed_results:
        features.assert_same({key[len(prefix):]: value for key, value in results.items() if key.startswith(prefix)},
                             reference, FEATURES[index])


@pytest.mark.slow
def test_two_processes_train_as_one_for_every_model_optimizer_and_loop():
    rest = range(UNSYNCED + 1, len(SCENARIOS))
    distributed = train_distributed(rest)
    for index in rest:
        assert_trains_as_one_process(distributed, index)


def test_without_sync_batchnorm_every_process_keeps_the_same_weights(distributed_results):
    weights = [scenario_results(results, UNSYNCED)[1] for results in distributed_results]
    reference_weights = train(*SCENARIOS[UNSYNCED][:3])[1]
    moved = [not np.allclose(a, b, atol=TOLERANCE) for a, b in zip(weights[0], reference_weights)]
    assert any(moved)  # per-process BatchNormalization statistics: not the single-process run
    for a, b in zip(weights[0], weights[1]):
        np.testing.assert_array_equal(a, b)


def test_a_killed_process_makes_the_other_fail_at_once(tmp_path):
    results = launch("fail", str(tmp_path), 300, str(int(signal.SIGKILL)))
    (code0, stderr0, exit0), (code1, _, exit1) = results
    assert code1 == -signal.SIGKILL
    assert code0 != 0 and "PeerLostError: process 0 of 2" in stderr0, stderr0[-3000:]
    assert seconds_to_fail(results) < TIMEOUT / 2  # noticed through the closed connection, before the timeout
    assert exit0 - exit1 < 60


@pytest.mark.slow
def test_a_hanging_process_makes_the_other_fail_after_the_timeout(tmp_path):
    results = launch("fail", str(tmp_path), 300, str(int(signal.SIGSTOP)), until_chief_exits=True)
    code0, stderr0, _ = results[0]
    assert code0 != 0 and "PeerLostError: process 0 of 2" in stderr0, stderr0[-3000:]
    assert TIMEOUT <= seconds_to_fail(results) < TIMEOUT + 5


def test_data_parallel_without_the_torchrun_environment_says_how_to_start(monkeypatch):
    monkeypatch.setenv("WORLD_SIZE", "2")
    for name in ("MASTER_ADDR", "MASTER_PORT", "RANK"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match=r"\['MASTER_ADDR', 'MASTER_PORT', 'RANK'\] are not set.*torchrun"):
        fe.distribute.data_parallel()


def test_model_parallel_is_jax_only():
    with pytest.raises(ConfigError, match="JAX backend only"):
        fe.distribute.engine().model_parallel({})


def test_a_distributed_data_parallel_model_asks_for_the_keras_model():
    import torch
    import torch.distributed as dist

    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)], name="classifier")
    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    try:
        wrapped = torch.nn.parallel.DistributedDataParallel(model)
        with pytest.raises(WrongTypeError, match="DistributedDataParallel wrapping the Keras model 'classifier'; "
                                                 r"pass the Keras model itself \(`.module`\)"):
            ModelOp(model=wrapped, inputs="x", outputs="y")
    finally:
        dist.destroy_process_group()
    assert fe.distribute.process_count() == 1


if __name__ == "__main__":
    job, out, *indices = sys.argv[1:]
    fe.distribute.data_parallel(timeout=TIMEOUT if job == "fail" else 120)
    if job == "train":
        save_results(out, [int(i) for i in indices[0].split(",")], fe.distribute.process_index(),
                     fe.distribute.process_count())
    else:
        fail_mid_epoch(fe.distribute.process_index(), int(indices[0]))
