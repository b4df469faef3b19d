import inspect

from kerasfe.architecture import resnet9, unet
from kerasfe.architecture import tensorflow as tf_arch


def test_fastestimator_signatures():
    parameters = {name: list(inspect.signature(getattr(tf_arch, name)).parameters) for name in tf_arch.__all__}
    assert parameters["ResNet9"] == ["input_size", "classes"]
    assert parameters["UNet"] == ["input_size", "output_channel"]
    assert parameters["LeNet"][:2] == ["input_shape", "classes"]
    assert parameters["AttentionUNet"][0] == "input_size"
    assert parameters["WideResidualNetwork"][:6] == ["input_shape", "depth", "widen_factor", "dropout", "classes",
                                                     "activation"]


def test_fastestimator_parameters_reach_the_kerasfe_models(monkeypatch):
    calls = []
    monkeypatch.setattr(unet, "UNet", lambda **kwargs: calls.append(("UNet", kwargs)))
    monkeypatch.setattr(resnet9, "ResNet9", lambda **kwargs: calls.append(("ResNet9", kwargs)))
    tf_arch.UNet(input_size=(16, 16, 1), output_channel=2)
    tf_arch.ResNet9(input_size=(8, 8, 3), classes=4)
    assert calls == [("UNet", {"input_shape": (16, 16, 1), "classes": 2}),
                     ("ResNet9", {"input_shape": (8, 8, 3), "classes": 4})]
    assert tf_arch.LeNet(input_shape=(20, 20, 3), classes=5).output_shape == (None, 5)
