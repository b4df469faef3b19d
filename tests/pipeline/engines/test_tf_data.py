import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import DataError
from kerasfe.op.numpyop import LambdaOp
from kerasfe.op.tensorop import MeanSquaredError, ModelOp, UpdateOp
from tests.pipeline.augmented_images import batches


def assert_same(first, second):
    assert len(first) == len(second)
    for a, b in zip(first, second):
        assert set(a) == set(b)
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])


def test_same_seed_same_batches_on_both_engines_and_any_worker_count():
    reference = batches("grain")
    assert [len(batch["y"]) for batch in reference] == [16, 16, 8]
    assert sorted(np.concatenate([batch["y"] for batch in reference]).tolist()) == list(range(40))
    assert_same(reference, batches("grain", num_process=0))
    assert_same(reference, batches("tf.data"))
    assert_same(reference, batches("tf.data", num_process=0))
    other_epoch = batches("grain", epoch=2)
    assert not np.array_equal(reference[0]["y"], other_epoch[0]["y"])
    other_seed = batches("grain", seed=4)
    assert not np.array_equal(reference[0]["x"], other_seed[0]["x"])


def _refuse_large(value):
    if value.max() > 5:
        raise ValueError("too large")
    return value


def test_a_pipeline_error_inside_tf_data_keeps_its_kerasfe_type():
    model = fe.build(lambda: keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]), "sgd")
    network = fe.Network([ModelOp(model, "x", "y_pred"), MeanSquaredError(("y_pred", "y"), "mse"),
                          UpdateOp(model, "mse")])
    data = {"x": np.arange(8, dtype="float32")[:, None], "y": np.zeros((8, 1), "float32")}
    pipeline = fe.Pipeline(train_data={key: value[:4] for key, value in data.items()}, eval_data=data, batch_size=4,
                           engine="tf.data", ops=[LambdaOp(_refuse_large, inputs="x", outputs="x", mode="eval")])
    estimator = fe.Estimator(pipeline, network, epochs=1, log_steps=None)
    with pytest.raises(DataError, match=r"LambdaOp failed on key\(s\) \['x'\] of sample 6 of the eval data"):
        estimator.fit()  # sample 6 is in the second eval batch, read by tf.data (TensorFlow wraps the error)
