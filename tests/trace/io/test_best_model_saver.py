import numpy as np

import kerasfe as fe
from kerasfe.trace.io import BestModelSaver
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
