import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator

import kerasfe as fe
from kerasfe.trace.io import TensorBoard
from kerasfe.trace.metric import Accuracy
from tests.trace.helpers import estimator


def test_tensorboard_files_parse_with_tensorboard(blobs, tmp_path):
    images = {"x": np.random.default_rng(0).random((64, 6, 6, 1)).astype("float32"), "y": blobs["y"]}
    est = estimator(blobs, [TensorBoard(str(tmp_path), write_images="image", histogram_freq=1),
                            Accuracy("y", "y_pred")], epochs=2, log_steps=2)
    est.pipeline = fe.Pipeline(train_data={**blobs, "image": images["x"]}, eval_data={**blobs, "image": images["x"]},
                               batch_size=16, seed=0)
    summary = est.fit()
    train = event_accumulator.EventAccumulator(str(tmp_path / "train"), size_guidance={"histograms": 0}).Reload()
    evaluation = event_accumulator.EventAccumulator(str(tmp_path / "eval"), size_guidance={"images": 0}).Reload()
    assert [e.value for e in evaluation.Scalars("accuracy")] == pytest.approx(summary.epoch_values("eval", "accuracy"))
    assert sorted({e.step for e in train.Scalars("ce")}) == sorted(summary.history["train"]["ce"])
    assert len(evaluation.Images("image/0")) == 2 and evaluation.Images("image/0")[0].width == 6
    histograms = train.Tags()["histograms"]
    assert histograms and len(train.Histograms(histograms[0])) == 2
