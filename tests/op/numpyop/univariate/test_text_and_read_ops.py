import os

import cv2
import numpy as np
import pytest

from kerasfe.errors import ConfigError, DataError
from kerasfe.op.numpyop import PadSequence, ReadImage, Tokenize, WordtoId

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


def test_read_image_color_order_and_missing_file(tmp_path):
    bgr = np.zeros((3, 4, 3), "uint8")
    bgr[..., 0] = 255  # blue in OpenCV's order
    cv2.imwrite(str(tmp_path / "blue.png"), bgr)
    rgb = ReadImage(inputs="x", parent_path=str(tmp_path)).forward("blue.png", STATE)
    assert rgb.shape == (3, 4, 3) and rgb[0, 0].tolist() == [0, 0, 255]
    with pytest.raises(DataError, match=r"ReadImage cannot read '.*missing.png' for key \['x'\]: no such file"):
        ReadImage(inputs="x", parent_path=str(tmp_path)).forward("missing.png", STATE)
    with pytest.raises(ConfigError, match="color_flag"):
        ReadImage(inputs="x", color_flag="rgb")
    assert os.path.exists(tmp_path / "blue.png")
