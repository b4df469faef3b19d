"""The digits LeNet trains through Pipeline NumpyOps on both engines, through fe.Estimator."""
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.architecture import LeNet
from kerasfe.dataset.data import digits
from kerasfe.op.numpyop import ExpandDims, Minmax, PadIfNeeded, RandomCrop
from kerasfe.op.tensorop import CrossEntropy, ModelOp, UpdateOp


@pytest.mark.parametrize("engine", ["grain", "tf.data"])
def test_lenet_learns_digits_through_numpy_ops(engine):
    train, evaluation, _ = digits.load_data(image_size=28)
    raw = {mode: {"x": (data["x"][..., 0] * 255).astype("uint8"), "y": data["y"]}
           for mode, data in (("train", train), ("eval", evaluation))}
    pipeline = fe.Pipeline(train_data=raw["train"], eval_data=raw["eval"], batch_size=32, engine=engine, seed=0,
                           ops=[PadIfNeeded(min_height=30, min_width=30, image_in="x", mode="train"),
                                RandomCrop(28, 28, image_in="x", mode="train"),
                                ExpandDims(inputs="x", outputs="x"), Minmax(inputs="x", outputs="x")])
    first = pipeline.get_results("train", num_steps=1)[0]
    assert first["x"].shape == (32, 28, 28, 1) and first["x"].dtype == np.float32
    np.testing.assert_allclose(first["x"].max(axis=(1, 2, 3)), 1.0, atol=1e-6)
    model = fe.build(model_fn=lambda: LeNet(input_shape=(28, 28, 1), classes=10), optimizer_fn="adam")
    network = fe.Network(ops=[ModelOp(model=model, inputs="x", outputs="y_pred"),
                              CrossEntropy(inputs=("y_pred", "y"), outputs="ce"),
                              UpdateOp(model=model, loss_name="ce")])
    estimator = fe.Estimator(pipeline=pipeline, network=network, epochs=2, log_steps=None)
    eval_ce = estimator.fit().epoch_values("eval", "ce")
    assert eval_ce[-1] < 0.6 * eval_ce[0] or eval_ce[-1] < 0.5
    batches = pipeline.get_results("eval", num_steps=100)
    images, labels = (np.concatenate([batch[key] for batch in batches]) for key in ("x", "y"))
    predicted = np.argmax(network.predict({"x": images}, verbose=0)["y_pred"], axis=-1)
    assert np.mean(predicted == labels) > 0.7  # chance is 0.1
