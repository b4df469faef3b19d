import keras
import numpy as np

import kerasfe as fe
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, ModelOp, OneOf, Sometimes, UpdateOp


def numpy_of(value):
    return keras.ops.convert_to_numpy(value)


def test_random_ops_draw_anew_each_step_inside_the_compiled_step():
    model = fe.build(lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="softmax")]),
                     "sgd")
    choose = OneOf(LambdaOp(fn=lambda v: v + 1, inputs="x", outputs="x"),
                   LambdaOp(fn=lambda v: v - 1, inputs="x", outputs="x"), seed=3)
    network = fe.Network(ops=[choose, Sometimes(LambdaOp(fn=lambda v: v * 10, inputs="x", outputs="x"), seed=4),
                              ModelOp(model, "x", "y_pred"), CrossEntropy(("y_pred", "y"), "ce"),
                              UpdateOp(model, "ce")])
    network.bus_keys = ("x",)
    seen = []
    network.fit({"x": np.zeros((64, 2), "float32"), "y": np.zeros(64, "int64")}, batch_size=4, verbose=0,
                callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: seen.append(
                    float(numpy_of(logs["bus/x"])[0, 0])))])
    assert set(seen) == {1.0, -1.0, 10.0, -10.0}
