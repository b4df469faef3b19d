import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import CrossEntropy, LayerOp, ModelOp, UpdateOp
from tests.conftest import conv_model


def test_augmentation_layer_runs_in_the_step_and_draws_anew_each_step():
    model = fe.build(conv_model, "adam")
    network = fe.Network(ops=[LayerOp(keras.layers.RandomFlip("horizontal", seed=1), inputs="x", outputs="x_aug",
                                      mode="train"),
                              ModelOp(model=model, inputs="x_aug", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    x = np.tile(np.arange(4, dtype="float32")[None, None, :, None], (64, 4, 1, 1))
    network.bus_keys = ("x_aug",)
    flipped = []
    network.fit({"x": x, "y": np.zeros(64, "int64")}, batch_size=16, epochs=1, verbose=0, callbacks=[
        keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: flipped.append(
            keras.ops.convert_to_numpy(logs["bus/x_aug"])[:, 0, 0, 0] == 3))])
    flipped = np.concatenate(flipped)
    assert 10 < flipped.sum() < 54
    assert len({tuple(chunk) for chunk in flipped.reshape(4, 16)}) > 1
