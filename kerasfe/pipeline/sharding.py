"""Which part of every global batch one training process reads.

`batch_size` is the global batch. Every process builds the same epoch (the same (seed, epoch) shuffle), and
process i of N takes the i-th of N equal, contiguous blocks of every global batch: its batches hold
`batch_size // N` samples, all processes take the same number of steps, and the processes' batches, put side by
side in process order, are the global batch one process would read. A last, smaller global batch is split the
same way; the (fewer than N) samples left over when it does not split evenly are skipped, and so is a last batch
smaller than N.
"""
from kerasfe.errors import ConfigError


class Shard:
    """Process `index` of `count`: the block of each global batch it reads.

    Example:
        >>> shard = Shard(index=1, count=2)
        >>> shard.block(list(range(8))), shard.block([8, 9, 10]), shard.block([11])
        ([4, 5, 6, 7], [9], [])
        >>> shard.batch_size(8, "the train data")
        4
    """

    def __init__(self, index=0, count=1):
        if not (isinstance(count, int) and count >= 1 and isinstance(index, int) and 0 <= index < count):
            raise ConfigError(f"Shard: need 0 <= index < count (ints); got index={index!r}, count={count!r}")
        self.index, self.count = index, count

    @classmethod
    def of_this_process(cls):
        """The shard of this process among the training processes (`fe.distribute`); one shard of one without
        distribution.

        Example:
            >>> shard = Shard.of_this_process()
            >>> shard.index, shard.count
            (0, 1)
        """
        from kerasfe import distribute
        return cls(distribute.process_index(), distribute.process_count())

    def __repr__(self):
        return f"Shard(index={self.index}, count={self.count})"

    def batch_size(self, global_batch_size, where):
        """The batch size of this process for the global `global_batch_size` of `where`; a ConfigError when the
        processes cannot share it equally."""
        if global_batch_size % self.count:
            raise ConfigError(f"Pipeline: batch_size {global_batch_size} of {where} is the global batch, shared by "
                              f"{self.count} processes, so it must be a multiple of {self.count}; give batch_size "
                              f"{max(global_batch_size // self.count, 1) * self.count}")
        return global_batch_size // self.count

    def block(self, items):
        """This process's block of one global batch's `items` (a list or array): `len(items) // count` of them."""
        size = len(items) // self.count
        return items[self.index * size:(self.index + 1) * size]

    def batches(self, global_batches, last_size):
        """How many batches this process reads of an epoch of `global_batches`, the last holding `last_size`
        samples: a last batch smaller than `count` is skipped.

        Example:
            >>> Shard(0, 4).batches(3, last_size=2), Shard(0, 4).batches(3, last_size=4)
            (2, 3)
        """
        return global_batches - (global_batches > 0 and last_size < self.count)
