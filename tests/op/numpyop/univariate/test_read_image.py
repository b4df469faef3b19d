import os

import cv2
import numpy as np
import pytest

from kerasfe.errors import ConfigError, DataError
from kerasfe.op.numpyop import ReadImage


STATE = {"mode": "train"}


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
