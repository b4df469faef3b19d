"""FastEstimator's `fe.util` names that make sense on Keras 3."""
from kerasfe.util.display import BatchDisplay, Display, GridDisplay, ImageDisplay, SummaryDisplay

__all__ = ["BatchDisplay", "Display", "GridDisplay", "ImageDisplay", "SummaryDisplay"]
