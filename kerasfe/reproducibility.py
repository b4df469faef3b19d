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

from kerasfe.backend.random_state import set_deterministic_ops_state, use_deterministic_ops
from kerasfe.errors import ConfigError

_DEFAULTS = {"pipeline_seed": None}


class Deterministic:
    """What `enable_deterministic` returns: `restore()` (or leaving it as a context manager) switches the
    deterministic-op flags back to what they were before the call (TensorFlow's op determinism, PyTorch's
    deterministic algorithms and cuDNN flags, the environment variables it set) and gives Pipelines made afterwards
    their former default seed. The generators stay seeded. XLA's flag is read when JAX starts, so it stays in effect
    in a process where JAX already started.

    Args:
        seed: the seed enable_deterministic used.
        previous_ops: the switches before (`kerasfe.backend.random_state.deterministic_ops_state`).
        previous_seed: the default Pipeline seed before.

    Example:
        >>> before = default_pipeline_seed()
        >>> with enable_deterministic(3) as mode:
        ...     during = default_pipeline_seed()
        >>> mode.seed, during, default_pipeline_seed() == before
        (3, 3, True)
    """

    def __init__(self, seed, previous_ops, previous_seed):
        self.seed, self.previous_ops, self.previous_seed = seed, previous_ops, previous_seed
        self.restored = False

    def restore(self):
        """Switches back to the settings from before (once; a second call does nothing)."""
        if not self.restored:
            set_deterministic_ops_state(self.previous_ops)
            _DEFAULTS["pipeline_seed"] = self.previous_seed
            self.restored = True

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.restore()


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

    It returns a `Deterministic`: call its `restore()`, or use the call as a context manager
    (`with fe.enable_deterministic(42): ...`), to switch the deterministic ops off again (to what they were) in a
    process that goes on with other work.

    Args:
        seed: an int >= 0.
    """
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ConfigError(f"enable_deterministic: seed must be an int >= 0; got {seed!r}")
    previous_ops = use_deterministic_ops()
    keras.utils.set_random_seed(seed)
    previous_seed, _DEFAULTS["pipeline_seed"] = _DEFAULTS["pipeline_seed"], seed
    return Deterministic(seed, previous_ops, previous_seed)


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
