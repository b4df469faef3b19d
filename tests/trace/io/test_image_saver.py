import numpy as np

import kerasfe as fe
from kerasfe.trace.io import ImageSaver
from tests.trace.helpers import estimator


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
