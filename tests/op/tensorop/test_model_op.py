import keras
import numpy as np

from kerasfe.op.tensorop import ModelOp


def test_model_op_training_flag_follows_mode_and_trainable():
    dropout = keras.Sequential([keras.Input((1000,)), keras.layers.Dropout(0.5)])
    ones = keras.ops.ones((1, 1000))

    def zeros(op, training):
        return int(np.sum(keras.ops.convert_to_numpy(op.forward(ones, {"mode": "train", "training": training})) == 0))

    assert zeros(ModelOp(model=dropout, inputs="x", outputs="y"), training=True) > 300
    assert zeros(ModelOp(model=dropout, inputs="x", outputs="y"), training=False) == 0
    assert zeros(ModelOp(model=dropout, inputs="x", outputs="y", trainable=False), training=True) == 0


def test_model_op_with_several_inputs_and_outputs():
    a, b = keras.Input((2,)), keras.Input((3,))
    joined = keras.layers.Concatenate()([a, b])
    model = keras.Model([a, b], [keras.layers.Dense(1)(joined), keras.layers.Dense(2)(joined)])
    op = ModelOp(model=model, inputs=["a", "b"], outputs=["one", "two"])
    one, two = op.forward([keras.ops.ones((4, 2)), keras.ops.ones((4, 3))], {"mode": "infer", "training": False})
    assert (one.shape, two.shape) == ((4, 1), (4, 2))
    assert op.describe() == f"ModelOp({model.name})"
