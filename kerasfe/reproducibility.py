"""enable_deterministic: the one call that makes a training script repeat bit for bit on its backend.

Example:
    >>> import subprocess, sys
    >>> code = '''
    ... import keras, numpy as np, kerasfe as fe
    ... from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
    ... fe.enable_deterministic(42)
    ... model = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]), "adam")
    ... network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
    ...                           MeanSquaredError(inputs=("y_pred", "y"), outputs="mse"),
    ...                           UpdateOp(model=model, loss_name="mse")])
    ... data = {"x": np.random.normal(size=(32, 3)).astype("float32"), "y": np.ones((32, 1), "float32")}
    ... fe.Estimator(fe.Pipeline(train_data=data, batch_size=8), network, epochs=2, log_steps=None).fit()
    ... print(model.get_weights()[0].tobytes().hex())
    ... '''
    >>> runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in range(2)]
    >>> runs[0].stdout == runs[1].stdout != ""
    True
"""
import keras

from kerasfe.backend.random_state import use_deterministic_ops
from kerasfe.errors import ConfigError

_DEFAULTS = {"pipeline_seed": None}


def enable_deterministic(seed):
    """Seeds every generator and switches the backend to deterministic ops, so two runs of a script with the same
    `seed` train bit-identical weights (on the same backend, machine and library versions).

    It seeds Python's `random`, numpy's global generator, Keras (`keras.utils.set_random_seed`: its global
    SeedGenerator and the backend's own generator: `tf.random.set_seed`, `torch.manual_seed`), makes `seed` the
    default seed of every Pipeline made afterwards (their shuffles and random ops, on either engine and with any
    number of workers), and turns on TensorFlow's op determinism, `torch.use_deterministic_algorithms(True)` and
    XLA's deterministic GPU ops (see `kerasfe.backend.random_state.use_deterministic_ops`; call it before JAX
    starts, i.e. at the top of the script). Layers and RandomOps given no seed draw theirs from the seeded
    generators, so call it before building models.

    Args:
        seed: an int >= 0.
    """
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ConfigError(f"enable_deterministic: seed must be an int >= 0; got {seed!r}")
    use_deterministic_ops()
    keras.utils.set_random_seed(seed)
    _DEFAULTS["pipeline_seed"] = seed


def default_pipeline_seed():
    """The seed a Pipeline given no `seed` uses: `enable_deterministic`'s, or None before it is called (then the
    Pipeline draws one from numpy's global generator).

    Example:
        >>> import subprocess, sys
        >>> code = "import kerasfe as fe; fe.enable_deterministic(7); print(fe.reproducibility.default_pipeline_seed())"
        >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
        '7'
    """
    return _DEFAULTS["pipeline_seed"]
