import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import CrossEntropy, L1_Loss, MeanSquaredError


def test_loss_ops_skip_infer_and_check_their_arguments():
    assert "infer" not in CrossEntropy(("p", "y"), "ce").mode
    with pytest.raises(ConfigError, match="takes inputs=\\(y_pred_key, y_true_key\\)"):
        MeanSquaredError(inputs="p", outputs="mse")
    with pytest.raises(ConfigError, match="form must be one of"):
        CrossEntropy(("p", "y"), "ce", form="multi")
    with pytest.raises(ConfigError, match="loss_type must be one of"):
        L1_Loss(("p", "y"), "l", loss_type="L2")
