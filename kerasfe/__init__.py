"""kerasfe: FastEstimator's Pipeline -> Network -> Estimator workflow on Keras 3, for every backend.

Example:
    >>> import kerasfe as fe
    >>> sorted(name for name in ("Pipeline", "Network", "Estimator", "build") if hasattr(fe, name))
    ['Estimator', 'Network', 'Pipeline', 'build']
"""
from kerasfe import trace
from kerasfe.build import build
from kerasfe.estimator import Estimator
from kerasfe.network import Network
from kerasfe.pipeline import Pipeline
from kerasfe.trace.trace import Data

__all__ = ["Data", "Estimator", "Network", "Pipeline", "build", "trace"]
__version__ = "0.1.0"
