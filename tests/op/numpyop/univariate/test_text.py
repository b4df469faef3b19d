import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.numpyop import PadSequence, Tokenize, WordtoId


STATE = {"mode": "train"}


def test_text_ops_chain():
    tokens = Tokenize(inputs="t", to_lower_case=True).forward("The cat  sat", STATE)
    ids = WordtoId(mapping={"the": 1, "cat": 2}, inputs="t", oov_id=9).forward(tokens, STATE)
    assert tokens == ["the", "cat", "sat"] and ids.tolist() == [1, 2, 9]
    assert WordtoId(mapping=lambda words: [len(w) for w in words], inputs="t").forward(tokens, STATE).tolist() == [3, 3, 3]
    assert PadSequence(max_len=5, value=-1, inputs="t").forward(ids, STATE).tolist() == [1, 2, 9, -1, -1]
    assert PadSequence(max_len=2, inputs="t").forward(ids, STATE).tolist() == [1, 2]
    assert PadSequence(max_len=4, append=False, inputs="t").forward(ids, STATE).tolist() == [0, 1, 2, 9]
    with pytest.raises(ConfigError, match="max_len"):
        PadSequence(max_len=0, inputs="t")
