"""kerasfe: FastEstimator's Pipeline -> Network -> Estimator workflow on Keras 3, for every backend.

Example:
    >>> import kerasfe as fe
    >>> sorted(name for name in ("Pipeline", "Network", "Estimator", "build") if hasattr(fe, name))
    ['Estimator', 'Network', 'Pipeline', 'build']
"""
from kerasfe.quiet import quiet_tensorflow_startup

quiet_tensorflow_startup()  # before anything below imports Keras (and so, on its TensorFlow backend, TensorFlow)

from kerasfe import trace  # noqa: E402
from kerasfe.build import build  # noqa: E402
from kerasfe.estimator import Estimator  # noqa: E402
from kerasfe.network import Network  # noqa: E402
from kerasfe.pipeline import Pipeline  # noqa: E402
from kerasfe.trace.trace import Data  # noqa: E402

__all__ = ["Data", "Estimator", "Network", "Pipeline", "build", "trace"]
__version__ = "0.1.0"
