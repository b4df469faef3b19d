"""BatchLoader: an epoch's batches as a keras PyDataset of known length, read ahead by grain worker threads."""
import grain
import keras


class BatchLoader(keras.utils.PyDataset):
    """A random-access grain dataset of batches as a `keras.utils.PyDataset`, so Keras knows its length.

    (Keras reads a bare grain dataset as one of unknown length: no progress totals, and under
    TensorFlow one extra, empty step per epoch.) With `num_threads > 0`, reading in order goes through
    a grain iterator whose threads compute the next batches while the model trains on the current one;
    the batches are the same as without threads. Those threads stop after the last batch, at Keras's
    `on_epoch_end`, or on `close()`, so no epoch leaves threads behind.

    Example:
        >>> import grain
        >>> loader = BatchLoader(grain.MapDataset.range(3).map(lambda i: {"x": i}), num_threads=2)
        >>> len(loader), [loader[i]["x"] for i in range(3)], loader[1]
        (3, [0, 1, 2], {'x': 1})
        >>> _ = loader[0]; loader.close()
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
            self.close()
            options = grain.ReadOptions(num_threads=self.num_threads, prefetch_buffer_size=2 * self.num_threads)
            self._iterator = iter(self.dataset[index:].to_iter_dataset(read_options=options))
        batch = next(self._iterator)
        self._next = index + 1
        if self._next == len(self):
            self.close()
        return batch

    def close(self):
        """Stops the read-ahead threads of the iterator in use (a later read starts a new one)."""
        if self._iterator is not None:
            self._iterator.close()
        self._iterator, self._next = None, None

    def on_epoch_end(self):
        """Keras calls it after each epoch: the read-ahead threads stop there."""
        self.close()
