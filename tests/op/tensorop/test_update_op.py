import keras
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import UpdateOp
from tests.conftest import dense_model


def test_update_op_needs_a_model_with_an_optimizer():
    with pytest.raises(ConfigError, match="has no optimizer; create it with fe.build"):
        UpdateOp(model=dense_model(), loss_name="ce")


def test_update_op_defaults_to_train_mode_and_reads_its_loss():
    op = UpdateOp(model=fe.build(dense_model, "sgd"), loss_name="ce")
    assert op.mode == {"train"} and op.inputs == ["ce"] and op.loss_name == "ce"
    assert isinstance(op.model.optimizer, keras.optimizers.SGD)
