import numpy as np

import kerasfe as fe
from kerasfe.trace.io import ModelSaver
from tests.conftest import dense_model
from tests.trace.helpers import estimator


def test_model_saver_keeps_the_newest_files(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    saver = ModelSaver(model, save_dir=str(tmp_path), frequency=1, max_to_keep=2)
    estimator(blobs, [saver], epochs=3, model=model).fit()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{model.name}_epoch_2.weights.h5",
                                                          f"{model.name}_epoch_3.weights.h5"]
    fresh = fe.build(dense_model, "adam", weights_path=saver.path(3))
    for saved, expected in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_allclose(saved, expected)
