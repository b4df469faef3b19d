import matplotlib.image
import numpy as np

from kerasfe.summary import Summary
from kerasfe.trace import Data, System
from kerasfe.trace.io import ImageSaver
from kerasfe.util import BatchDisplay, SummaryDisplay


def test_saves_displays_and_summaries_written_at_epoch_end_and_end(tmp_path):
    saver = ImageSaver(inputs=["grid", "by_label"], save_dir=str(tmp_path))
    saver.system = System(network=None)
    saver.system.mode, saver.system.epoch_idx, saver.system.batch_idx = "eval", 3, 1
    saver.on_begin(Data())
    saver.on_batch_end(Data({"y": np.zeros(2)}))  # the figures are not in the batch
    display = BatchDisplay(image=np.zeros((2, 4, 4)), title="g")
    saver.on_epoch_end(Data({"grid": display}))
    saved = matplotlib.image.imread(str(tmp_path / "grid_eval_epoch_3.png"))
    assert saved.shape == display.to_array().shape[:2] + (4,)
    summary = Summary("cat")
    summary.history = {"eval": {"ce": {1: (0.1, 0.2, 0.3), 2: (0.0, 0.1, 0.2)}}}
    saver.on_end(Data({"by_label": [summary]}))
    plotted = matplotlib.image.imread(str(tmp_path / "by_label_eval_epoch_3.png"))
    assert plotted.shape[:2] == SummaryDisplay([summary]).to_array().shape[:2] == (250, 600)
