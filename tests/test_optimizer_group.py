import keras
import pytest

import kerasfe as fe
from kerasfe.optimizer_group import OptimizerGroup
from tests.conftest import dense_model


def test_group_holds_every_member_variable_and_delegates_learning_rate():
    first = fe.build(dense_model, lambda: keras.optimizers.SGD(0.5))
    group = OptimizerGroup([first])
    group.build([])
    assert all(any(v is member for member in group.variables) for v in first.optimizer.variables)
    assert float(group.learning_rate) == pytest.approx(0.5)
    group.learning_rate = 0.25
    assert float(first.optimizer.learning_rate) == pytest.approx(0.25)
    assert group.iterations is first.optimizer.iterations
    assert group.optimizers == [first.optimizer]


def test_learning_rate_is_set_on_every_optimizer_and_read_when_they_agree():
    models = [fe.build(dense_model, lambda: keras.optimizers.Adam(0.1)),
              fe.build(dense_model, lambda: keras.optimizers.SGD(0.2))]
    group = OptimizerGroup(models)
    group.build([])
    assert group.optimizers == [model.optimizer for model in models]
    with pytest.raises(AttributeError, match=r"have learning rates \[0.1\d*, 0.2\d*\]"):
        group.learning_rate  # noqa: B018
    group.learning_rate = 0.05
    assert [float(model.optimizer.learning_rate) for model in models] == [pytest.approx(0.05)] * 2
    assert float(group.learning_rate) == pytest.approx(0.05)
