"""GeneratorDataset: a generator of samples read as a map-style data set of a given length."""
import threading

from kerasfe.dataset.dataset import FEDataset
from kerasfe.errors import ConfigError, DataError, WrongTypeError


class GeneratorDataset(FEDataset):
    """Serves `samples_per_epoch` samples per epoch from an (endless) generator of sample dicts.

    The index is ignored: each read takes the generator's next sample, so the order depends on the
    reading threads; use it for synthetic or streamed data.

    Example:
        >>> import itertools
        >>> data = GeneratorDataset(({"x": i} for i in itertools.count()), samples_per_epoch=3)
        >>> len(data), [data[i]["x"] for i in range(3)]
        (3, [0, 1, 2])
    """

    def __init__(self, generator, samples_per_epoch):
        if not hasattr(generator, "__next__"):
            raise WrongTypeError(f"GeneratorDataset: generator must be a generator / iterator; got "
                                 f"{type(generator).__name__}")
        if not isinstance(samples_per_epoch, int) or samples_per_epoch < 1:
            raise ConfigError(f"GeneratorDataset: samples_per_epoch must be a positive int; got {samples_per_epoch!r}")
        self.generator, self.samples_per_epoch = generator, samples_per_epoch
        self._lock = threading.Lock()

    def _size(self):
        return self.samples_per_epoch

    def _sample(self, index):
        with self._lock:
            try:
                sample = next(self.generator)
            except StopIteration:
                raise DataError("GeneratorDataset: the generator ran out of samples") from None
        if not isinstance(sample, dict):
            raise WrongTypeError(f"GeneratorDataset: the generator must yield dicts; it yielded {type(sample).__name__}")
        return sample
