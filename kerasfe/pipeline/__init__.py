"""The Pipeline and its parts: sources, per-sample op runs, collation, and the grain / tf.data loaders."""
from kerasfe.pipeline.loader import BatchLoader, num_batches
from kerasfe.pipeline.pipeline import Pipeline

__all__ = ["BatchLoader", "Pipeline", "num_batches"]
