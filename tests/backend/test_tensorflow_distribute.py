"""TensorFlow data parallelism equals one device on the global batch: MirroredStrategy over 2 logical CPUs (in a
subprocess, configured before TensorFlow starts) and MultiWorkerMirroredStrategy over 2 processes on 127.0.0.1.

Each run trains LeNet on digits and a 2-model GAN (SGD and Adam; `network.fit`, and the Estimator in-process)
and records the losses, the final weights and the bus values a Trace reads; the tests compare them with the
one-device run on the same global batches. The trainings of `distribute_features` (EMA weights with a
distributed `Accuracy`, mixed precision, merge_grad) run on the 2 replicas too, and the EMA one on 2 workers,
one of which is then killed mid-epoch. Run as `python -m tests.backend.test_tensorflow_distribute MODE OUT` it
is that subprocess.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time

import keras
import numpy as np
import pytest

from tests.backend import distribute_features as features

pytestmark = pytest.mark.skipif(keras.backend.backend() != "tensorflow", reason="TensorFlow distribution")

GLOBAL_BATCH, STEPS, EPOCHS = 64, 2, 1
TOLERANCE = 1e-5
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


# The runs (in the subprocesses) -----------------------------------------------------------------------------
def _recorder(keys):
    from kerasfe.trace.trace import Trace

    class Recorder(Trace):
        """Keeps every train batch's values of `keys`, as the Traces see them."""

        def __init__(self):
            super().__init__(inputs=keys, mode="train")
            self.seen = {key: [] for key in keys}

        def on_batch_end(self, data):
            for key in keys:
                self.seen[key].append(np.asarray(data[key]))

    return Recorder()


def _lenet_network(optimizer):
    import kerasfe as fe
    from kerasfe.architecture.lenet import LeNet
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp

    keras.utils.set_random_seed(0)
    model = fe.build(lambda: LeNet(input_shape=(20, 20, 1)), optimizer)
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    return network, [model]


def _gan_network(optimizer):
    """A generator with (synchronized, so global-batch) BatchNorm and a discriminator without dropout."""
    import kerasfe as fe
    from kerasfe.architecture.dcgan import dcgan_ops

    keras.utils.set_random_seed(0)
    generator = fe.build(lambda: keras.Sequential([
        keras.Input((4,)), keras.layers.Dense(16, use_bias=False), keras.layers.BatchNormalization(synchronized=True),
        keras.layers.LeakyReLU(0.2), keras.layers.Dense(64, activation="tanh"), keras.layers.Reshape((8, 8, 1))],
        name="generator"), optimizer)
    discriminator = fe.build(lambda: keras.Sequential([
        keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, strides=2, padding="same"), keras.layers.LeakyReLU(0.2),
        keras.layers.Flatten(), keras.layers.Dense(1)], name="discriminator"), optimizer)
    return fe.Network(ops=dcgan_ops(generator, discriminator)), [generator, discriminator]


def _global_data(case):
    from kerasfe.dataset.data import digits

    rows = GLOBAL_BATCH * STEPS
    if case == "lenet":
        return {key: value[:rows] for key, value in digits.load_data(image_size=20)[0].items()}
    real = digits.load_data(image_size=8)[0]["x"][:rows] * 2 - 1
    return {"x": real, "z": np.random.default_rng(0).normal(size=(rows, 4)).astype("float32")}


def _process_rows(rows, index, count):
    """Process `index`'s share of every global batch: a contiguous block, so the replicas' rows gathered in
    process order are the global batch."""
    per_process = GLOBAL_BATCH // count
    return np.arange(rows).reshape(-1, count, per_process)[:, index].reshape(-1)


def _run(case, optimizer, trainer, index=0, count=1):
    from kerasfe.trace.keras_bridge import as_callbacks

    network, models = (_lenet_network if case == "lenet" else _gan_network)(optimizer)
    bus_keys = ["y", "ce"] if case == "lenet" else ["fake", "d_loss"]
    recorder = _recorder(bus_keys)
    data = _global_data(case)
    if trainer == "fit":
        rows = _process_rows(len(data["x"]), index, count)
        data = {key: value[rows] for key, value in data.items()}
        history = network.fit(data, batch_size=GLOBAL_BATCH // count, epochs=EPOCHS, shuffle=False, verbose=0,
                              callbacks=as_callbacks([recorder])).history
        history.update({"evaluate_" + key: value for key, value in network.evaluate(
            data, batch_size=GLOBAL_BATCH // count, verbose=0, return_dict=True).items()})
    else:
        import kerasfe as fe

        pipeline = fe.Pipeline(train_data=data, batch_size=GLOBAL_BATCH, seed=1)
        fe.Estimator(pipeline=pipeline, network=network, epochs=EPOCHS, traces=[recorder], log_steps=None).fit()
        history = {}
    result = {f"history/{key}": np.asarray(values) for key, values in history.items()}
    result.update({f"bus/{key}": np.stack(values) for key, values in recorder.seen.items()})
    result.update({f"weight/{m}/{i}": np.asarray(weight) for m, model in enumerate(models)
                   for i, weight in enumerate(model.weights)})
    return result


def _batchnorm_model():
    """A classifier with a (per-replica, as Keras's default) BatchNormalization layer."""
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((20, 20, 1)), keras.layers.Conv2D(4, 3), keras.layers.BatchNormalization(),
                             keras.layers.ReLU(), keras.layers.GlobalAveragePooling2D(),
                             keras.layers.Dense(10, activation="softmax")])


def _batchnorm_runs():
    """The final weights (moving statistics too) of the BatchNorm classifier trained by a Network and by plain
    Keras `fit` (SGD, cross-entropy) on the same batches."""
    import kerasfe as fe
    from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp

    data = _global_data("lenet")
    model = fe.build(_batchnorm_model, "sgd")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    network.fit(data, batch_size=GLOBAL_BATCH, epochs=EPOCHS, shuffle=False, verbose=0)
    plain = _batchnorm_model()
    plain.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    plain.fit(data["x"], data["y"], batch_size=GLOBAL_BATCH, epochs=EPOCHS, shuffle=False, verbose=0)
    return ({f"weight/{i}": np.asarray(weight) for i, weight in enumerate(trained.weights)}
            for trained in (model, plain))


CASES = [("lenet", "sgd", "fit"), ("lenet", "adam", "fit"), ("gan", "sgd", "fit"), ("gan", "adam", "fit"),
         ("gan", "adam", "estimator")]
WORKER_CASES = [("lenet", "sgd", "fit"), ("gan", "adam", "fit")]  # few: each process has a fraction of 2 cores


def _save(out, name, result):
    np.savez(os.path.join(out, name + ".npz"), **result)


def _replicas(out):
    """Every case on 2 logical CPUs (MirroredStrategy), then on one device."""
    import tensorflow as tf

    cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
    from kerasfe.backend import tensorflow_distribute
    strategy = tensorflow_distribute.data_parallel()
    with open(os.path.join(out, "replicas.json"), "w") as file:
        json.dump({"replicas": strategy.num_replicas_in_sync, "kind": type(strategy).__name__,
                   "process": [tensorflow_distribute.process_index(), tensorflow_distribute.process_count()]}, file)
    for case in CASES:
        _save(out, "replicas-" + "-".join(case), _run(*case))
    for trainer, result in zip(("network", "keras"), _batchnorm_runs()):
        _save(out, "batchnorm-" + trainer, result)
    for feature in features.FEATURES:
        _save(out, "replicas-feature-" + feature, features.train(feature))
    tf.distribute.experimental_set_strategy(None)
    for case in CASES:
        _save(out, "one-" + "-".join(case), _run(*case))
    for feature in features.FEATURES:
        _save(out, "one-feature-" + feature, features.train(feature))


def _worker(out):
    """This worker's cases (MultiWorkerMirroredStrategy from TF_CONFIG), then a gather of objects."""
    from kerasfe.backend import tensorflow_distribute

    tensorflow_distribute.data_parallel()
    index, count = tensorflow_distribute.process_index(), tensorflow_distribute.process_count()
    for case in WORKER_CASES:
        _save(out, f"worker{index}-" + "-".join(case), _run(*case, index=index, count=count))
    gathered = tensorflow_distribute.all_gather_object({"index": index, "text": "ab" * 700 * index})
    with open(os.path.join(out, f"worker{index}.json"), "w") as file:
        json.dump({"process": [index, count], "gathered": gathered}, file)


def _features_then_dying(out):
    """This worker's EMA and Accuracy training (`distribute_features`), then a second training where worker 1 is
    killed at its third step: worker 0 must fail with a PeerLostError, not hang."""
    from kerasfe.backend import tensorflow_distribute
    from kerasfe.trace.keras_bridge import as_callbacks
    from kerasfe.trace.trace import Trace

    class DieAtThirdStep(Trace):
        def on_batch_end(self, data):
            if tensorflow_distribute.process_index() == 1 and self.system.batch_idx == 2:
                with open(os.path.join(out, "died"), "w") as file:
                    file.write(str(time.time()))
                os.kill(os.getpid(), signal.SIGKILL)

    tensorflow_distribute.data_parallel(timeout_seconds=30)
    index, count = tensorflow_distribute.process_index(), tensorflow_distribute.process_count()
    _save(out, f"worker{index}-ema_accuracy", features.train("ema_accuracy", index, count))
    network, _, _ = features.classification("sgd")
    network.fit(features.samples()[0], batch_size=4, epochs=1, verbose=0, callbacks=as_callbacks([DieAtThirdStep()]))


def main(mode, out):
    {"replicas": _replicas, "worker": _worker, "features_then_dying": _features_then_dying}[mode](out)


# The tests --------------------------------------------------------------------------------------------------
def _python(mode, out, env=None, log="log"):
    """Starts this module as a subprocess running `mode` (its output goes to `out/<log>.txt`)."""
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", PYTHONPATH=ROOT, **(env or {}))
    with open(os.path.join(out, log + ".txt"), "w") as output:
        return subprocess.Popen([sys.executable, "-m", "tests.backend.test_tensorflow_distribute", mode, str(out)],
                                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def _finish(process, out, log="log", timeout=600):
    """The exit code and the output of a subprocess from `_python`, once it ends."""
    process.wait(timeout=timeout)
    with open(os.path.join(out, log + ".txt")) as output:
        return process.returncode, output.read()


def _workers(mode, out, count=2):
    """Starts `count` workers of this module running `mode`, with TF_CONFIG on free ports of 127.0.0.1."""
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    addresses = [f"127.0.0.1:{sock.getsockname()[1]}" for sock in sockets]
    for sock in sockets:
        sock.close()
    configs = [{"cluster": {"worker": addresses}, "task": {"type": "worker", "index": index}} for index in range(count)]
    return [_python(mode, out, {"TF_CONFIG": json.dumps(config)}, log=f"worker{index}")
            for index, config in enumerate(configs)]


@pytest.fixture(scope="module")
def replicas_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("replicas")
    code, output = _finish(_python("replicas", out), out)
    assert code == 0, output[-3000:]
    return out


@pytest.fixture(scope="module")
def workers_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("workers")
    results = [_finish(process, out, f"worker{index}") for index, process in enumerate(_workers("worker", out))]
    for code, output in results:
        assert code == 0, output[-3000:]
    return out


def _load(out, name):
    with np.load(os.path.join(out, name + ".npz")) as data:
        return dict(data)


def _assert_same_run(run, reference, case):
    assert sorted(run) == sorted(reference)
    for key in reference:
        assert run[key].shape == reference[key].shape, (case, key)
        assert run[key].dtype == reference[key].dtype, (case, key)
        np.testing.assert_allclose(run[key], reference[key], rtol=0, atol=TOLERANCE, err_msg=f"{case} {key}")


def test_data_parallel_mirrors_over_the_logical_cpus(replicas_run):
    with open(replicas_run / "replicas.json") as file:
        assert json.load(file) == {"replicas": 2, "kind": "MirroredStrategy", "process": [0, 1]}


@pytest.mark.parametrize("case", CASES, ids="-".join)
def test_two_replicas_equal_one_device_on_the_global_batch(replicas_run, case):
    run, reference = (_load(replicas_run, prefix + "-".join(case)) for prefix in ("replicas-", "one-"))
    bus_key = "bus/y" if case[0] == "lenet" else "bus/fake"
    assert run[bus_key].shape[:2] == (EPOCHS * STEPS, GLOBAL_BATCH)  # the whole global batch, not a replica's
    _assert_same_run(run, reference, case)


def test_batchnorm_trains_as_keras_does_under_the_strategy(replicas_run):
    _assert_same_run(_load(replicas_run, "batchnorm-network"), _load(replicas_run, "batchnorm-keras"), "batchnorm")


@pytest.mark.slow
@pytest.mark.parametrize("case", WORKER_CASES, ids="-".join)
def test_two_workers_equal_one_process_on_the_global_batches(replicas_run, workers_run, case):
    reference = _load(replicas_run, "one-" + "-".join(case))
    for index in range(2):
        _assert_same_run(_load(workers_run, f"worker{index}-" + "-".join(case)), reference, case)


@pytest.mark.slow
def test_all_gather_object_across_workers(workers_run):
    for index in range(2):
        with open(workers_run / f"worker{index}.json") as file:
            assert json.load(file) == {"process": [index, 2], "gathered": [{"index": 0, "text": ""},
                                                                         {"index": 1, "text": "ab" * 700}]}


def test_model_parallel_is_a_config_error_on_tensorflow():
    from kerasfe.backend import tensorflow_distribute
    from kerasfe.errors import ConfigError

    with pytest.raises(ConfigError, match="JAX only"):
        tensorflow_distribute.model_parallel({})


@pytest.mark.parametrize("feature", features.FEATURES)
def test_merge_grad_ema_accuracy_and_mixed_precision_on_two_replicas_equal_one_device(replicas_run, feature):
    run, reference = (_load(replicas_run, prefix + feature) for prefix in ("replicas-feature-", "one-feature-"))
    features.assert_same(run, reference, feature)


@pytest.fixture(scope="module")
def workers_then_one_killed(tmp_path_factory):
    """2 workers train `distribute_features`' EMA and Accuracy run; then worker 1 is killed mid-epoch."""
    out = tmp_path_factory.mktemp("features_then_dying")
    survivor, dying = _workers("features_then_dying", out)
    try:
        killed = _finish(dying, out, "worker1", timeout=300)
        return out, killed, _finish(survivor, out, "worker0", timeout=120)
    finally:
        for process in (survivor, dying):
            process.kill()
            process.wait()


def test_two_workers_average_gradients_and_accuracy_as_one_process(replicas_run, workers_then_one_killed):
    out, _, _ = workers_then_one_killed
    reference = _load(replicas_run, "one-feature-ema_accuracy")
    for index in range(2):
        features.assert_same(_load(out, f"worker{index}-ema_accuracy"), reference, "ema_accuracy")


def test_a_dead_worker_makes_the_other_exit_with_a_peer_lost_error(workers_then_one_killed):
    out, (killed_code, killed_output), (code, output) = workers_then_one_killed
    assert killed_code == -signal.SIGKILL, killed_output[-3000:]
    seconds = os.path.getmtime(out / "worker0.txt") - float((out / "died").read_text())
    assert code != 0 and "kerasfe.errors.PeerLostError: process 0 of 2: a collective across the training " \
                         "processes failed" in output, output[-3000:]
    assert "UnavailableError" in output.rsplit("PeerLostError", 1)[1]  # TensorFlow's reason follows
    assert seconds < 60, seconds


if __name__ == "__main__":
    main(*sys.argv[1:])
