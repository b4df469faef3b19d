"""BatchLoader: an epoch's batches as a keras PyDataset of known length, read ahead by grain worker threads."""
import grain
import keras


class BatchLoader(keras.utils.PyDataset):
    """A random-access grain dataset of batches as a `keras.utils.PyDataset`, so Keras knows its length.

    (Keras reads a bare grain dataset as one of unknown length: no progress totals, and under
    TensorFlow one extra, empty step per epoch.) With `num_threads > 0`, reading in order goes through
    a grain iterator whose threads compute the next batches while the model trains on the current one;
    the batches are the same as without threads.

    Example:
        >>> import grain
        >>> loader = BatchLoader(grain.MapDataset.range(3).map(lambda i: {"x": i}), num_threads=2)
        >>> len(loader), [loader[i]["x"] for i in range(3)], loader[1]
        (3, [0, 1, 2], {'x': 1})
    """

    def __init__(self, dataset, num_threads=0):
        super().__init__()
        self.dataset, self.num_threads = dataset, num_threads
        self._iterator, self._next = None, None

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, index):
        if not self.num_threads:
            return self.dataset[index]
        if index != self._next:
            options = grain.ReadOptions(num_threads=self.num_threads, prefetch_buffer_size=2 * self.num_threads)
            self._iterator = iter(self.dataset[index:].to_iter_dataset(read_options=options))
        self._next = index + 1
        return next(self._iterator)
