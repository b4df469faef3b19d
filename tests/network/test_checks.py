import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, MissingKeyError, WrongTypeError
from kerasfe.op.tensorop import CrossEntropy, LambdaOp, ModelOp, UpdateOp
from kerasfe.schedule import EpochScheduler
from tests.conftest import classifier_network, dense_model


def test_configuration_errors_are_clear():
    model = fe.build(dense_model, "adam")
    with pytest.raises(ConfigError, match="no ModelOp calls model"):
        fe.Network(ops=[CrossEntropy(inputs=("x", "y"), outputs="ce"), UpdateOp(model=model, loss_name="ce")])
    with pytest.raises(ConfigError, match=r"updates on 'cee', but no op writes it in mode 'train'; keys written "
                                          r"there: \['ce', 'y_pred'\]"):
        fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                        CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), UpdateOp(model=model, loss_name="cee")])
    with pytest.raises(WrongTypeError, match="Network ops must be TensorOps"):
        fe.Network(ops=[object()])
    with pytest.raises(WrongTypeError, match="cannot be set here"):
        classifier_network(model).compile(optimizer="adam")


def test_missing_key_fails_before_the_first_step(blobs):
    network = classifier_network(fe.build(dense_model, "adam"))
    with pytest.raises(MissingKeyError) as error:
        network.fit({"image": blobs["x"], "y": blobs["y"]}, batch_size=16, epochs=1, verbose=0)
    assert "ModelOp(" in str(error.value) and "needs key 'x' in mode 'train'" in str(error.value)
    assert "['image', 'y']" in str(error.value)
    assert int(network.optimizer.iterations) == 0


def test_every_scheduled_op_set_is_checked():
    model = fe.build(dense_model, "adam")
    with pytest.raises(ConfigError, match=r"no op writes it in mode 'train' \(ops of epoch 2\)"):
        fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                        EpochScheduler({1: CrossEntropy(inputs=("y_pred", "y"), outputs="ce"), 2: None}),
                        UpdateOp(model=model, loss_name="ce")])
    network = fe.Network(ops=[EpochScheduler({1: None, 4: LambdaOp(fn=keras.ops.abs, inputs="z", outputs="x")}),
                              ModelOp(model=model, inputs="x", outputs="y_pred")])
    with pytest.raises(MissingKeyError, match=r"needs key 'z' in mode 'infer'"):
        network.predict({"x": np.ones((4, 4), "float32")}, verbose=0)
