"""The Pipeline and its parts: sources, per-sample op runs, collation, and the grain / tf.data loaders."""
from kerasfe.pipeline.engines.grain import BatchLoader
from kerasfe.pipeline.epoch_length import ReadAhead, num_batches
from kerasfe.pipeline.pipeline import Pipeline

__all__ = ["BatchLoader", "Pipeline", "ReadAhead", "num_batches"]
