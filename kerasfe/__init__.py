"""kerasfe: FastEstimator's Pipeline -> Network -> Estimator workflow on Keras 3, for every backend.

Example:
    >>> import kerasfe as fe
    >>> sorted(name for name in ("Pipeline", "Network", "Estimator", "build") if hasattr(fe, name))
    ['Estimator', 'Network', 'Pipeline', 'build']
"""
from kerasfe.estimator import Estimator
from kerasfe.network import Network, build
from kerasfe.pipeline import Pipeline

__all__ = ["Estimator", "Network", "Pipeline", "build"]
__version__ = "0.1.0"
