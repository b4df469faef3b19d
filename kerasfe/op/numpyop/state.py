"""The per-sample `state` NumpyOps receive, with random generators seeded from (seed, epoch, sample index).

Every sample gets its own random stream, so the batches of an epoch are the same whatever the number
or scheduling of worker threads. The generators are made on first use and reused per thread, so ops
without randomness pay nothing.
"""
import random
import threading
import zlib

import numpy as np

_MASK = (1 << 128) - 1
_MULTIPLIERS = (0x9E3779B97F4A7C15F39CC0605CEDC835, 0xD1B54A32D192ED03AEF2A0E1D9F3F6C7, 0xABC98388FB8FAC0377F3A2C5E4E8B1D9,
                0xC2B2AE3D27D4EB4F165667B19E3779F9)
_INCREMENT = 0xDA3E39CB94B95BDB4F1BBCDCBFA53E0B
_THREAD = threading.local()


class NumpyRandom(random.Random):
    """A `random.Random` drawing from a numpy Generator, for libraries (albumentations) that want both.

    Example:
        >>> import numpy as np
        >>> a = NumpyRandom(np.random.default_rng(1)); b = NumpyRandom(np.random.default_rng(1))
        >>> [a.randint(0, 99) for _ in range(3)] == [b.randint(0, 99) for _ in range(3)]
        True
    """

    def __init__(self, generator):
        self.generator = generator
        super().__init__()

    def seed(self, *args, **kwargs):
        """Does nothing: the numpy generator holds the state."""

    def random(self):
        return float(self.generator.random())

    def getrandbits(self, k):
        return int.from_bytes(self.generator.bytes((k + 7) // 8), "little") >> (-k % 8)


class SampleState(dict):
    """The `state` dict of one sample: mode, epoch, index, ds_id, and lazily `rng` / `py_random`.

    `state["rng"]` is a numpy Generator and `state["py_random"]` a `random.Random` on the same stream,
    positioned by (seed, epoch, index): equal arguments give equal draws.

    Example:
        >>> first = SampleState(mode="train", seed=0, epoch=1, index=5)["rng"].integers(1000, size=3)
        >>> again = SampleState(mode="train", seed=0, epoch=1, index=5)["rng"].integers(1000, size=3)
        >>> other = SampleState(mode="train", seed=0, epoch=2, index=5)["rng"].integers(1000, size=3)
        >>> bool((first == again).all()), bool((first == other).all())
        (True, False)
    """

    def __init__(self, mode, seed=0, epoch=1, index=0, ds_id=None):
        super().__init__(mode=mode, seed=seed, epoch=epoch, index=index, ds_id=ds_id)

    def __missing__(self, key):
        if key not in ("rng", "py_random"):
            raise KeyError(key)
        generators = getattr(_THREAD, "generators", None)
        if generators is None:
            generator = np.random.Generator(np.random.PCG64(0))
            generators = _THREAD.generators = (generator, NumpyRandom(generator))
        words = (self["seed"], self["epoch"], self["index"], zlib.crc32(str(self["ds_id"]).encode()))
        position = sum(int(word) * multiplier for word, multiplier in zip(words, _MULTIPLIERS)) & _MASK
        generators[0].bit_generator.state = {"bit_generator": "PCG64", "state": {"state": position, "inc": _INCREMENT},
                                             "has_uint32": 0, "uinteger": 0}
        self["rng"], self["py_random"] = generators
        return self[key]
