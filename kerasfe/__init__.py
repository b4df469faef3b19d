"""kerasfe: FastEstimator's Pipeline -> Network -> Estimator workflow on Keras 3, for every backend.

The public names (and every subpackage, e.g. `fe.trace`) are imported on first use, so `import kerasfe` is
quick and loads no Keras: the `kerasfe` command answers `--help` at once and can still choose the backend.
When Keras is already imported, `import kerasfe` also registers the Network and its ops with Keras's
saving, so `import keras, kerasfe; keras.models.load_model("network.keras")` works.

Example:
    >>> import kerasfe as fe
    >>> sorted(name for name in ("Pipeline", "Network", "Estimator", "build") if hasattr(fe, name))
    ['Estimator', 'Network', 'Pipeline', 'build']
    >>> fe.Network.__module__.startswith("kerasfe.network"), fe.trace.Trace.__name__
    (True, 'Trace')
"""
import importlib
import importlib.util
import sys

from kerasfe.quiet import quiet_tensorflow_startup

quiet_tensorflow_startup()  # before anything kerasfe loads imports Keras (and so, on its TensorFlow backend, TensorFlow)

_HOMES = {"Data": "kerasfe.trace.trace", "Estimator": "kerasfe.estimator", "Network": "kerasfe.network",
          "Pipeline": "kerasfe.pipeline", "build": "kerasfe.network.build",
          "enable_deterministic": "kerasfe.reproducibility", "record_history": "kerasfe.summary.history"}

SERIALIZABLE_MODULES = ("kerasfe.network.network", "kerasfe.op.tensorop")  # register their classes with Keras

__all__ = ["Data", "Estimator", "Network", "Pipeline", "build", "enable_deterministic", "record_history", "trace"]
__version__ = "0.1.0"


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
    elif importlib.util.find_spec(f"{__name__}.{name}") is not None:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))


if "keras" in sys.modules:
    for _module in SERIALIZABLE_MODULES:
        importlib.import_module(_module)
    del _module
