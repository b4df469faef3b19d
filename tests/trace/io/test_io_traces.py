import csv

import numpy as np
import pytest
from tensorboard.backend.event_processing import event_accumulator

import kerasfe as fe
from kerasfe.trace.io import BestModelSaver, CSVLogger, ImageSaver, ModelSaver, TensorBoard
from kerasfe.trace.metric import Accuracy
from tests.conftest import dense_model
from tests.trace.helpers import Recorder, Scripted, estimator


def test_best_model_saver_keeps_the_best_epoch_and_loads_it_back(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    recorder = Recorder(mode="train")
    saver = BestModelSaver(model, save_dir=str(tmp_path), metric="score", save_best_mode="max", load_best_final=True)
    est = estimator(blobs, [saver, Scripted("score", [0.1, 0.9, 0.5]), recorder], epochs=3, model=model)
    summary = est.fit()
    assert summary.epoch_values("eval", "since_best_score") == [0, 0, 1]
    assert summary.epoch_values("eval", "score_best") == [0.1, 0.9, 0.9]
    best = recorder.weights[1]  # epoch 2's weights (the network's are the model's)
    fresh = fe.build(dense_model, "adam", weights_path=saver.path)
    for saved, expected in zip(fresh.get_weights(), best):
        np.testing.assert_allclose(saved, expected)
    for loaded, expected in zip(model.get_weights(), best):  # load_best_final
        np.testing.assert_allclose(loaded, expected)
    assert not np.allclose(recorder.weights[2][0], best[0])


def test_model_saver_keeps_the_newest_files(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    saver = ModelSaver(model, save_dir=str(tmp_path), frequency=1, max_to_keep=2)
    estimator(blobs, [saver], epochs=3, model=model).fit()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{model.name}_epoch_2.weights.h5",
                                                          f"{model.name}_epoch_3.weights.h5"]
    fresh = fe.build(dense_model, "adam", weights_path=saver.path(3))
    for saved, expected in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_allclose(saved, expected)


def test_csv_logger_writes_a_row_per_mode_and_epoch(blobs, tmp_path):
    path = tmp_path / "log.csv"
    est = estimator(blobs, [CSVLogger(str(path)), Accuracy("y", "y_pred")], epochs=2)
    summary = est.fit()
    est.test()
    rows = list(csv.DictReader(path.open()))
    assert [(row["mode"], row["epoch"]) for row in rows] == [("train", "1"), ("eval", "1"), ("train", "2"),
                                                             ("eval", "2"), ("test", "2")]
    assert float(rows[3]["accuracy"]) == pytest.approx(summary.epoch_values("eval", "accuracy")[1])
    assert float(rows[2]["ce"]) == pytest.approx(summary.epoch_values("train", "ce")[1])


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


def test_image_saver_writes_pngs(blobs, tmp_path):
    data = {**blobs, "image": np.random.default_rng(0).random((64, 5, 7, 3)).astype("float32")}
    est = estimator(blobs, [ImageSaver("image", str(tmp_path), max_images=2)], epochs=1)
    est.pipeline = fe.Pipeline(train_data=data, eval_data=data, batch_size=16, seed=0)
    est.fit()
    import matplotlib.pyplot as plt
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["image_eval_epoch_1_0.png", "image_eval_epoch_1_1.png"]
    saved = plt.imread(tmp_path / names[0])[..., :3]
    np.testing.assert_allclose(saved, data["image"][0], atol=1 / 255 + 1e-6)
