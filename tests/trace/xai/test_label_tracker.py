import statistics

import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.summary import Summary
from kerasfe.trace import Data, System
from kerasfe.trace.xai import LabelTracker


def test_groups_the_metric_by_label_per_epoch():
    trace = LabelTracker(label="y", metric="ce", label_mapping={"cat": 0, "dog": 1}, bounds=["std", "range", None])
    trace.system = System(network=None)
    trace.system.mode, trace.system.global_step = "eval", 10
    labels, losses = np.array([0, 1, 0, 2, 1, 0]), np.array([1.0, 2.0, 3.0, 9.0, 4.0, 5.0])
    trace.on_batch_end(Data({"y": labels[:3, None], "ce": losses[:3]}))
    trace.on_batch_end(Data({"y": labels[3:, None], "ce": losses[3:]}))
    trace.on_epoch_end(Data())
    data = Data()
    trace.on_end(data)
    cat, dog = data["ce_by_y"]
    assert isinstance(cat, Summary) and (cat.name, dog.name) == ("cat", "dog")
    cat_values = [1.0, 3.0, 5.0]
    std = statistics.stdev(cat_values)
    history = cat.history["eval"]
    assert history["ce"] == {10: 3.0}
    assert history["ce ($\\mu \\pm \\sigma$)"][10] == pytest.approx((3.0 - std, 3.0, 3.0 + std))
    assert history["ce ($min, \\mu, max$)"][10] == (1.0, 3.0, 5.0)
    assert dog.history["eval"]["ce ($min, \\mu, max$)"][10] == (2.0, 3.0, 4.0)


def test_bad_bounds():
    with pytest.raises(ConfigError, match="bounds"):
        LabelTracker(label="y", metric="ce", bounds="iqr")
