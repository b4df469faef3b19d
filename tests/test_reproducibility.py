import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError

# Each run builds a model with Dropout, a random TensorOp and a random, shuffled Pipeline after one
# fe.enable_deterministic(seed), trains 2 epochs and prints a digest of its weights and optimizer state.
RUNS = textwrap.dedent("""
    import hashlib, sys
    import keras, numpy as np
    import kerasfe as fe
    from kerasfe.op import numpyop, tensorop

    def run(seed, engine, num_process):
        fe.enable_deterministic(seed)
        y = np.arange(48) % 3
        data = {"x": (np.sin(np.arange(48 * 4)).reshape(48, 4) + np.eye(3, 4)[y]).astype("float32"), "y": y}
        layers = [keras.Input((4,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dropout(0.3),
                  keras.layers.Dense(3, activation="softmax")]
        model = fe.build(lambda: keras.Sequential(layers), "adam")
        pipeline = fe.Pipeline(train_data=data, batch_size=8, engine=engine, num_process=num_process,
                               ops=[numpyop.Sometimes(numpyop.LambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x"))])
        network = fe.Network(ops=[tensorop.Sometimes(tensorop.LambdaOp(fn=lambda x: -x, inputs="x", outputs="x")),
                                  tensorop.ModelOp(model=model, inputs="x", outputs="y_pred"),
                                  tensorop.CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                                  tensorop.UpdateOp(model=model, loss_name="ce")])
        fe.Estimator(pipeline, network, epochs=2, log_steps=None).fit()
        digest = hashlib.sha256()
        for value in model.get_weights() + [keras.ops.convert_to_numpy(v.value) for v in network.optimizer.variables]:
            digest.update(np.ascontiguousarray(value).tobytes())
        return digest.hexdigest()

    for config in sys.argv[1:]:
        seed, engine, num_process = config.split(",")
        print("digest", config, run(int(seed), engine, int(num_process)))
""")


def digests(*configs):
    root = str(pathlib.Path(__file__).parents[1])
    result = subprocess.run([sys.executable, "-c", RUNS, *configs], capture_output=True, text=True, timeout=600,
                            cwd=root, env={**os.environ, "PYTHONPATH": root})
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(line.split()[1:] for line in result.stdout.splitlines() if line.startswith("digest "))


def test_one_seed_gives_bit_identical_training_across_processes_engines_and_workers():
    first = digests("7,grain,0", "7,tf.data,2")
    second = digests("7,grain,2", "7,tf.data,0", "8,grain,0")
    assert len({first["7,grain,0"], first["7,tf.data,2"], second["7,grain,2"], second["7,tf.data,0"]}) == 1
    assert second["8,grain,0"] != first["7,grain,0"]  # the seed matters


def test_enable_deterministic_needs_a_seed_it_can_use():
    with pytest.raises(ConfigError, match="enable_deterministic: seed must be an int >= 0; got -1"):
        fe.enable_deterministic(-1)


def test_enable_deterministic_is_undone_by_restore_or_on_leaving_its_context(monkeypatch):
    import keras
    tf = pytest.importorskip("tensorflow")
    from tensorflow.python.framework import config
    monkeypatch.delenv("TF_DETERMINISTIC_OPS", raising=False)
    torch = __import__("torch") if keras.backend.backend() == "torch" else None

    def switches():
        return (config.is_op_determinism_enabled(), os.environ.get("TF_DETERMINISTIC_OPS"),
                None if torch is None else torch.are_deterministic_algorithms_enabled(),
                fe.reproducibility.default_pipeline_seed())

    assert tf.__version__ and not config.is_op_determinism_enabled()
    before = switches()
    with fe.enable_deterministic(9):
        assert switches() == (True, "1", None if torch is None else True, 9)
    assert switches() == before
    mode = fe.enable_deterministic(10)
    assert switches()[0] and fe.Pipeline(train_data={"x": [[1.0]]}, batch_size=1).seed == 10
    mode.restore()
    mode.restore()  # a second call changes nothing
    assert switches() == before
