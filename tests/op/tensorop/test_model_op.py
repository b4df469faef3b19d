import keras
import numpy as np
import pytest

from kerasfe.errors import ConfigError
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


def test_model_op_writes_intermediate_layers_by_name_and_index():
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu", name="hidden"),
                              keras.layers.Dense(2, name="head")])
    op = ModelOp(model=model, inputs="x", outputs=["y", "h", "y_again"], intermediate_layers=["hidden", -1])
    y, hidden, y_again = (keras.ops.convert_to_numpy(t) for t in op.forward(keras.ops.convert_to_tensor(x), {}))
    w1, b1, w2, b2 = model.get_weights()
    expected_hidden = np.maximum(x @ w1 + b1, 0)
    np.testing.assert_allclose(hidden, expected_hidden, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(y, expected_hidden @ w2 + b2, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(y_again, y, rtol=1e-6)


def test_model_op_intermediate_layers_are_checked():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, name="hidden"), keras.layers.Dense(2)])
    with pytest.raises(ConfigError, match="has no layer 'nope'; its layers: .*'hidden'"):
        ModelOp(model=model, inputs="x", outputs=["y", "h"], intermediate_layers="nope")
    with pytest.raises(ConfigError, match="need 2 output keys; got \\['y'\\]"):
        ModelOp(model=model, inputs="x", outputs="y", intermediate_layers="hidden")

    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    subclassed = Subclassed()
    subclassed(keras.ops.ones((1, 3)))
    with pytest.raises(ConfigError, match="needs a functional or Sequential model"):
        ModelOp(model=subclassed, inputs="x", outputs=["y", "h"], intermediate_layers=0)


def test_model_op_without_gradients_trains_only_the_model_after_it():
    """gradients=False: the frozen model's output is a constant to the loss, as FastEstimator's stop_recording;
    the head still trains, and the frozen model cannot be trainable."""
    import kerasfe as fe
    from kerasfe.op.tensorop import CrossEntropy, GradientOp, UpdateOp
    with pytest.raises(ConfigError, match="pass trainable=False too"):
        ModelOp(model=keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)]), inputs="x", outputs="f",
                gradients=False)
    features = fe.build(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]), "sgd")
    head = fe.build(lambda: keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")]), "sgd")
    network = fe.Network(ops=[ModelOp(model=features, inputs="x", outputs="f", trainable=False, gradients=False),
                              ModelOp(model=head, inputs="f", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              GradientOp(finals="ce", inputs="x", outputs="dx"),
                              UpdateOp(model=head, loss_name="ce")])
    rng = np.random.default_rng(0)
    batch = {"x": rng.normal(size=(8, 4)).astype("float32"), "y": rng.integers(0, 3, 8)}
    result = network.run_ops({key: keras.ops.convert_to_tensor(value) for key, value in batch.items()}, "eval")
    assert np.allclose(keras.ops.convert_to_numpy(result["dx"]), 0.0)  # nothing flows back through the frozen model
    start = features.get_weights()[0], head.get_weights()[0]
    network.fit(batch, batch_size=8, epochs=1, verbose=0)
    assert np.array_equal(features.get_weights()[0], start[0]) and not np.allclose(head.get_weights()[0], start[1])
