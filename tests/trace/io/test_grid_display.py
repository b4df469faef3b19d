import matplotlib.image
import numpy as np

from kerasfe.trace import Data, System
from kerasfe.trace.io import BatchDisplay, GridDisplay
from kerasfe.util.display import TITLE_HEIGHT


def test_columns_side_by_side_at_each_epoch(tmp_path):
    images = np.random.default_rng(0).random((3, 2, 2))
    trace = GridDisplay([BatchDisplay(image="x"), BatchDisplay(image="y", color_map="gray")], frequency="1e",
                        save_dir=str(tmp_path), title="pair", batch_limit=2)
    assert trace.inputs == ["x", "y"]
    trace.system = System(network=None)
    trace.system.mode, trace.system.epoch_idx, trace.system.batch_idx = "eval", 2, 5
    trace.on_begin(Data())
    trace.on_epoch_end(Data({"x": images, "y": 1 - images}))
    pixels = (matplotlib.image.imread(str(tmp_path / "pair_eval_2_5.png"))[..., :3] * 255).round()
    assert pixels.shape == (TITLE_HEIGHT + 2 * 280, 2 * 280, 3)
    grey = np.round(np.clip(1 - images[1], 0, 1) * 255)
    centers = np.array([[pixels[TITLE_HEIGHT + 280 + 70 + 140 * r, 280 + 70 + 140 * c, 0] for c in range(2)]
                        for r in range(2)])
    np.testing.assert_allclose(centers, grey, atol=1)
