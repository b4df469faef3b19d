import keras
import numpy as np

from kerasfe.layers import Cropping2D


def test_crops_like_numpy_slicing():
    x = np.arange(2 * 10 * 9 * 3).reshape(2, 10, 9, 3)
    for cropping, (top, bottom, left, right) in ((3, (3, 3, 3, 3)), ((2, 1), (2, 2, 1, 1)),
                                                 (((1, 4), (0, 2)), (1, 4, 0, 2))):
        got = keras.ops.convert_to_numpy(Cropping2D(cropping)(x))
        np.testing.assert_array_equal(got, x[:, top:10 - bottom, left:9 - right])
    got = keras.ops.convert_to_numpy(Cropping2D((2, 1), data_format="channels_first")(x.transpose(0, 3, 1, 2)))
    np.testing.assert_array_equal(got, x.transpose(0, 3, 1, 2)[:, :, 2:8, 1:8])
