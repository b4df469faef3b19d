"""TensorFlow distribution: `tf.distribute` strategies (MirroredStrategy on one host, MultiWorkerMirroredStrategy
across hosts through TF_CONFIG)."""
import tensorflow as tf


def _cluster():
    """(task index, worker count) of the current strategy's cluster; (0, 1) without one."""
    resolver = getattr(tf.distribute.get_strategy(), "cluster_resolver", None)
    if resolver is None or not resolver.cluster_spec().as_dict():
        return 0, 1
    return resolver.task_id or 0, resolver.cluster_spec().num_tasks("worker")


def process_index():
    return _cluster()[0]


def process_count():
    return _cluster()[1]


def all_gather_object(obj):
    if process_count() == 1:
        return [obj]
    raise NotImplementedError("all_gather_object across TensorFlow workers")
