import keras
import numpy as np
import pytest

from kerasfe.architecture import WideResidualNetwork
from kerasfe.errors import ConfigError


def test_layout_and_probabilities():
    model = WideResidualNetwork((8, 8, 3), depth=10, widen_factor=2, dropout=0.1, classes=3)
    convs = [(layer.filters, layer.kernel_size) for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    # stem; per group (N = 1): two 3x3 convs and a 1x1 shortcut conv (the width changes)
    assert sorted(convs) == sorted([(16, (3, 3))] + [(16 * k, size) for k in (2, 4, 8)
                                                      for size in ((3, 3), (3, 3), (1, 1))])
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in model.layers) == 3
    rng = np.random.default_rng(0)
    images = rng.random((6, 8, 8, 3), dtype="float32")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(model(images)).sum(axis=1), 1.0, rtol=1e-5)


def test_depth_must_be_6n_plus_4():
    with pytest.raises(ConfigError, match="6N \\+ 4"):
        WideResidualNetwork((8, 8, 3), depth=12)
