"""Text NumpyOps: Tokenize, WordtoId, PadSequence."""
import numpy as np

from kerasfe.errors import ConfigError, DataError, WrongTypeError
from kerasfe.op.numpyop.univariate.univariate import UnivariateOp


class Tokenize(UnivariateOp):
    """Splits a string into a list of tokens (on whitespace, or with `tokenize_fn`).

    Example:
        >>> Tokenize(inputs="text", to_lower_case=True).forward("Hello big World", {"mode": "train"})
        ['hello', 'big', 'world']
    """

    def __init__(self, inputs, outputs=None, mode=None, ds_id=None, tokenize_fn=None, to_lower_case=False):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if tokenize_fn is not None and not callable(tokenize_fn):
            raise WrongTypeError(f"Tokenize: tokenize_fn must be callable; got {type(tokenize_fn).__name__}")
        self.tokenize_fn, self.to_lower_case = tokenize_fn or str.split, to_lower_case

    def transform(self, value, state):
        text = str(value)
        return self.tokenize_fn(text.lower() if self.to_lower_case else text)


class WordtoId(UnivariateOp):
    """Maps tokens to integer ids with a dict (unknown tokens get `oov_id`) or a function (int64 array).

    Example:
        >>> WordtoId(mapping={"a": 1, "b": 2}, inputs="t").forward(["b", "a", "z"], {"mode": "train"}).tolist()
        [2, 1, 0]
    """

    def __init__(self, mapping, inputs, outputs=None, mode=None, ds_id=None, oov_id=0):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if not isinstance(mapping, dict) and not callable(mapping):
            raise WrongTypeError(f"WordtoId: mapping must be a dict or a function; got {type(mapping).__name__}")
        self.mapping, self.oov_id = mapping, oov_id

    def transform(self, value, state):
        if isinstance(self.mapping, dict):
            return np.array([self.mapping.get(token, self.oov_id) for token in value], "int64")
        return np.asarray(self.mapping(value), "int64")


class PadSequence(UnivariateOp):
    """Pads (with `value`) or truncates a 1-D sequence to `max_len`, at the end or the start.

    Example:
        >>> PadSequence(max_len=4, inputs="t").forward([5, 6], {"mode": "train"}).tolist()
        [5, 6, 0, 0]
        >>> PadSequence(max_len=2, append=False, inputs="t").forward([5, 6, 7], {"mode": "train"}).tolist()
        [6, 7]
    """

    def __init__(self, max_len, inputs, outputs=None, mode=None, ds_id=None, value=0, append=True):
        super().__init__(inputs=inputs, outputs=outputs, mode=mode, ds_id=ds_id)
        if not isinstance(max_len, int) or max_len < 1:
            raise ConfigError(f"PadSequence: max_len must be a positive int; got {max_len!r}")
        self.max_len, self.value, self.append = max_len, value, append

    def transform(self, value, state):
        sequence = np.asarray(value)
        if sequence.ndim != 1:
            raise DataError(f"{self.describe()} needs 1-D sequences in {self.inputs}; got shape {sequence.shape}")
        sequence = sequence[:self.max_len] if self.append else sequence[-self.max_len:]
        padding = (0, self.max_len - len(sequence)) if self.append else (self.max_len - len(sequence), 0)
        return np.pad(sequence, padding, constant_values=self.value)
