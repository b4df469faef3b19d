import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import DataError
from tests.conftest import classifier_network, dense_model
from tests.trace.helpers import Batches


def source(kind, data):
    if kind == "generator function":
        return lambda: ({key: value[index] for key, value in data.items()} for index in range(64))
    if kind == "tf.data.Dataset":
        return pytest.importorskip("tensorflow").data.Dataset.from_tensor_slices(data)
    return data


@pytest.mark.parametrize("engine, kind", [("grain", "generator function"), ("tf.data", "arrays"),
                                          ("tf.data", "generator function"), ("grain", "tf.data.Dataset")])
def test_every_engine_and_source_stops_at_the_bad_batch_with_the_same_error(blobs, engine, kind):
    """The NaN is in sample 5 of batch 3 (sample 29 of a source read in order; arrays are shuffled). The first batch
    is clean, so only the per-batch check can catch it; no step trains on the bad batch (a source of unknown length
    is read one batch ahead, so its last good batch may not have run either)."""
    data = {"x": blobs["x"].copy(), "y": blobs["y"]}
    row = 29
    if kind == "arrays":
        bad = fe.Pipeline(train_data=blobs, batch_size=8, seed=0).get_results("train", num_steps=4)[3]["x"][5]
        row = int(np.flatnonzero((blobs["x"] == bad).all(axis=1))[0])
    data["x"][row, 0] = np.nan
    counter = Batches()
    pipeline = fe.Pipeline(train_data=source(kind, data), batch_size=8, engine=engine, num_process=2, seed=0)
    estimator = fe.Estimator(pipeline, classifier_network(fe.build(dense_model, "sgd")), epochs=2, traces=[counter],
                             log_steps=None)
    with pytest.raises(DataError, match=r"key 'x' holds NaN in batch 3 of epoch 1 of the train data \(mode 'train'\), "
                                        r"in sample 5 of the batch"):
        estimator.fit()
    assert counter.ended in (2, 3) if kind == "generator function" else counter.ended == 3
