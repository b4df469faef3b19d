import numpy as np
import pytest

from kerasfe.trace import Data
from kerasfe.trace.metric import Perplexity


def test_perplexity_is_exp_of_the_logged_cross_entropy_and_smaller_is_better():
    data = Data({"ce": np.log(12.5)})
    trace = Perplexity(inputs="ce")
    trace.on_epoch_end(data)
    assert data.logs["perplexity"] == pytest.approx(12.5)
    assert trace.monitor_direction("perplexity") == "min" and trace.monitor_direction("ce") is None
