import pytest

import kerasfe as fe
from kerasfe.optimizer_group import OptimizerGroup
from tests.conftest import dense_model


def test_group_holds_every_member_variable_and_delegates_learning_rate():
    first = fe.build(dense_model, lambda: __import__("keras").optimizers.SGD(0.5))
    group = OptimizerGroup([first])
    group.build([])
    assert all(any(v is member for member in group.variables) for v in first.optimizer.variables)
    assert float(group.learning_rate) == pytest.approx(0.5)
    group.learning_rate = 0.25
    assert float(first.optimizer.learning_rate) == pytest.approx(0.25)
    assert group.iterations is first.optimizer.iterations


def test_learning_rate_of_several_optimizers_is_ambiguous():
    group = OptimizerGroup([fe.build(dense_model, "adam"), fe.build(dense_model, "sgd")])
    group.build([])
    with pytest.raises(AttributeError, match="has 2 optimizers"):
        group.learning_rate  # noqa: B018
