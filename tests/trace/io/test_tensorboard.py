import io

import numpy as np
import pytest
from PIL import Image
from tensorboard.backend.event_processing import event_accumulator

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.trace.io import TensorBoard
from kerasfe.trace.metric import Accuracy
from tests.trace.helpers import estimator


def test_tensorboard_events_hold_the_logged_scalars_images_and_weight_histograms(blobs, tmp_path):
    images = np.random.default_rng(0).random((64, 6, 6, 1)).astype("float32")
    est = estimator(blobs, [TensorBoard(str(tmp_path), write_images="image", max_images=2, weight_histogram_freq=1),
                            Accuracy("y", "y_pred")], epochs=2, log_steps=2)
    est.pipeline = fe.Pipeline(train_data={**blobs, "image": images}, eval_data={**blobs, "image": images},
                               batch_size=16, seed=0)
    summary = est.fit()
    train = event_accumulator.EventAccumulator(str(tmp_path / "train"), size_guidance={"histograms": 0}).Reload()
    evaluation = event_accumulator.EventAccumulator(str(tmp_path / "eval"), size_guidance={"images": 0}).Reload()
    assert {e.step: e.value for e in evaluation.Scalars("accuracy")} == pytest.approx(
        summary.history["eval"]["accuracy"])
    train_ce = {e.step: e.value for e in train.Scalars("ce")}
    assert sorted(train_ce) == sorted(summary.history["train"]["ce"]) == [1, 2, 4, 6, 8]  # step 1, every 2nd
    assert train_ce == pytest.approx(summary.history["train"]["ce"], rel=1e-6)
    for index in range(2):  # the first samples of each epoch's first eval batch (eval data is read in order)
        written = evaluation.Images(f"image/{index}")
        assert [event.step for event in written] == [4, 8]
        pixels = np.asarray(Image.open(io.BytesIO(written[-1].encoded_image_string)).convert("L"), "float64") / 255
        np.testing.assert_allclose(pixels, images[index, ..., 0], atol=2 / 255)  # 256 gray levels, then 8 bits
    weights = {variable.path: np.asarray(variable.numpy()) for variable in est.network.weights}
    assert sorted(train.Tags()["histograms"]) == sorted(weights)
    for path, values in weights.items():  # the last histogram holds the final weights
        histograms = train.Histograms(path)
        assert [event.step for event in histograms] == [4, 8]
        final = histograms[-1].histogram_value
        assert (final.num, final.min, final.max) == (values.size, pytest.approx(values.min()),
                                                     pytest.approx(values.max()))
        assert final.sum == pytest.approx(values.sum(), abs=1e-5)


@pytest.mark.parametrize("update_freq, steps", [(2, [2, 4, 4, 6, 8, 8]), ("epoch", [4, 8])])
def test_update_freq_chooses_the_train_steps_written(blobs, tmp_path, update_freq, steps):
    est = estimator(blobs, [TensorBoard(str(tmp_path), update_freq=update_freq)], epochs=2, log_steps=1)
    summary = est.fit()
    written = event_accumulator.EventAccumulator(str(tmp_path / "train")).Reload().Scalars("ce")
    assert [event.step for event in written] == steps  # each epoch's end adds its mean at its last step
    mid_epoch = {event.step: event.value for event in written if event.step % 4}  # the steps' own losses
    assert mid_epoch == pytest.approx({step: summary.history["train"]["ce"][step] for step in steps if step % 4},
                                      rel=1e-6)


def test_paint_weights_draws_each_weight_scaled_to_gray_levels(blobs, tmp_path):
    est = estimator(blobs, [TensorBoard(str(tmp_path), weight_histogram_freq=1, paint_weights=True)], epochs=1)
    est.fit()
    train = event_accumulator.EventAccumulator(str(tmp_path / "train"), size_guidance={"images": 0}).Reload()
    for variable in est.network.weights:
        values = np.asarray(variable.numpy())
        table = values.reshape(-1, values.shape[-1])
        (event,) = train.Images(f"{variable.path}/image")
        pixels = np.asarray(Image.open(io.BytesIO(event.encoded_image_string)).convert("L"), "float64") / 255
        np.testing.assert_allclose(pixels, (table - table.min()) / (table.max() - table.min()), atol=2 / 255)


@pytest.mark.parametrize("kwargs, fix", [({"write_graph": True}, "pass write_graph=False"),
                                         ({"paint_weights": True}, "set weight_histogram_freq (e.g. 1) too"),
                                         ({"write_embeddings": "z"}, "remove those arguments"),
                                         ({"update_freq": "10s"}, "got '10s'")])
def test_arguments_kerasfe_cannot_honour_are_refused(kwargs, fix):
    with pytest.raises(ConfigError) as error:
        TensorBoard("logs", **kwargs)
    assert str(error.value).startswith("TensorBoard: ") and str(error.value).endswith(fix)
