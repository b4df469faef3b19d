import io

import numpy as np
from PIL import Image
from tensorboard.backend.event_processing import event_accumulator

from kerasfe.trace import Data, System
from kerasfe.trace.io import TensorBoard
from kerasfe.util import BatchDisplay


def test_figures_written_at_epoch_end_become_tensorboard_images(tmp_path):
    board = TensorBoard(str(tmp_path), write_images="grid", mode="eval")
    board.system = System(network=None)
    board.system.mode, board.system.epoch_idx, board.system.global_step, board.system.batch_idx = "eval", 1, 7, 1
    board.on_epoch_begin(Data())
    board.on_batch_end(Data({"ce": 0.5}))  # the figure is not in the batch
    display = BatchDisplay(image=np.random.default_rng(0).random((2, 3, 3, 3)), title="grid")
    board.on_epoch_end(Data({"grid": display}))
    board.on_end(Data())
    events = event_accumulator.EventAccumulator(str(tmp_path / "eval"), size_guidance={"images": 0}).Reload()
    (written,) = events.Images("grid/0")
    pixels = np.asarray(Image.open(io.BytesIO(written.encoded_image_string)).convert("RGB"), "float64")
    assert written.step == 7
    np.testing.assert_allclose(pixels, display.to_array(), atol=1)
