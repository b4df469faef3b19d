"""The Pipeline and its parts: sources, per-sample op runs, collation, and the grain / tf.data loaders."""
from kerasfe.pipeline.engines.grain import BatchLoader
from kerasfe.pipeline.pipeline import Pipeline, num_batches

__all__ = ["BatchLoader", "Pipeline", "num_batches"]
