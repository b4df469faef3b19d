"""How long an epoch of a Pipeline loader is: `num_batches` when the loader knows it, and `ReadAhead`, which
finds the end of a loader of unknown length one batch before it."""
from kerasfe.pipeline.engines import tf_data
from kerasfe.pipeline.engines.grain import BatchLoader

_END = object()


def num_batches(loader):
    """How many batches a loader from `Pipeline.get_loader` gives: an int, or None when that is only known once
    it is read to the end (an iterable or generator source, a tf.data.Dataset after `.filter`, ...).

    Example:
        >>> import grain
        >>> num_batches(BatchLoader(grain.MapDataset.range(3))), num_batches(iter([{"x": 1}]))
        (3, None)
    """
    if isinstance(loader, BatchLoader):
        return len(loader)
    if tf_data.is_tf_dataset(loader):
        return tf_data.tf_dataset_length(loader)
    return None


def numpy_batches(loader):
    """The batches of a loader, as dicts of numpy arrays.

    Example:
        >>> import grain
        >>> list(numpy_batches(BatchLoader(grain.MapDataset.range(2).map(lambda i: {"x": i}))))
        [{'x': 0}, {'x': 1}]
    """
    if isinstance(loader, BatchLoader):
        return (loader[index] for index in range(len(loader)))
    if tf_data.is_tf_dataset(loader):
        return loader.as_numpy_iterator()
    return loader


class ReadAhead:
    """A loader read one batch ahead, so its end is known before the last batch is handed out: `length` is
    None until then, and the number of batches after. Iterating gives a generator of batch dicts (what
    Keras reads as a generator), reading the loader anew.

    Keras, under JAX and TensorFlow, announces one batch past the end of data of unknown length before
    it finds none; the Estimator's Traces skip it by this `length`.

    Example:
        >>> ahead = ReadAhead(iter([{"x": 0}, {"x": 1}]))
        >>> batches = iter(ahead)
        >>> next(batches), ahead.length, next(batches), ahead.length
        ({'x': 0}, None, {'x': 1}, 2)
    """

    def __init__(self, loader):
        self.loader, self.length = loader, None

    def __iter__(self):
        batches = iter(numpy_batches(self.loader))
        count, current = 0, next(batches, _END)
        while current is not _END:
            following = next(batches, _END)
            count += 1
            if following is _END:
                self.length = count
            yield current
            current = following
