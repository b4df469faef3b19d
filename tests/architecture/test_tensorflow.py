import inspect

import keras
import numpy as np

from kerasfe.architecture import tensorflow as tf_arch


def test_fastestimator_signatures():
    parameters = {name: list(inspect.signature(getattr(tf_arch, name)).parameters) for name in tf_arch.__all__}
    assert parameters["ResNet9"] == ["input_size", "classes"]
    assert parameters["UNet"] == ["input_size", "output_channel"]
    assert parameters["LeNet"][:2] == ["input_shape", "classes"]
    assert parameters["AttentionUNet"][0] == "input_size"
    assert parameters["WideResidualNetwork"][:6] == ["input_shape", "depth", "widen_factor", "dropout", "classes",
                                                     "activation"]


def test_unet_output_channel_and_resnet9_classes():
    unet = tf_arch.UNet(input_size=(16, 16, 1), output_channel=2)
    assert unet.output_shape == (None, 16, 16, 2)
    assert unet.layers[-1].get_config()["activation"] == "sigmoid"
    resnet = tf_arch.ResNet9(input_size=(8, 8, 3), classes=4)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(resnet(np.ones((2, 8, 8, 3)))).sum(-1), 1.0, rtol=1e-5)
