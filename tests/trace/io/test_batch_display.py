import matplotlib.image
import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.trace import Data, System
from kerasfe.trace.io import BatchDisplay
from kerasfe.trace.io.batch_display import parse_frequency
from kerasfe.util.display import TITLE_HEIGHT


def _run_batches(trace, batches, mode="train", log_steps=2):
    trace.system = System(network=None, log_steps=log_steps)
    trace.system.mode, trace.system.epoch_idx = mode, 1
    trace.on_begin(Data())
    for step, batch in enumerate(batches, start=1):
        trace.system.global_step = trace.system.batch_idx = step
        trace.on_batch_end(Data(batch))
    trace.on_epoch_end(Data(batches[-1]))


def test_saves_the_batch_every_n_steps_as_a_png_of_its_pixels(tmp_path):
    images = np.random.default_rng(0).integers(0, 256, (4, 2, 2, 3)).astype("uint8")
    trace = BatchDisplay(image="x", text="y", batch_limit=2, frequency="2s", save_dir=str(tmp_path))
    _run_batches(trace, [{"x": images, "y": np.arange(4)}] * 4)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x_train_1_2.png", "x_train_1_4.png"]
    pixels = (matplotlib.image.imread(str(tmp_path / "x_train_1_4.png"))[..., :3] * 255).round()
    assert pixels.shape == (TITLE_HEIGHT + 2 * 400, 400, 3)  # batch_limit=2 cells of 400 pixels
    for index in range(2):
        centers = [[pixels[TITLE_HEIGHT + 400 * index + 100 + 200 * r, 100 + 200 * c] for c in range(2)]
                   for r in range(2)]
        np.testing.assert_array_equal(centers, images[index])


def test_epoch_frequency_and_the_log_steps_default(tmp_path):
    trace = BatchDisplay(masks=("mask", ["a"]), frequency="epoch", save_dir=str(tmp_path), title="m")
    _run_batches(trace, [{"mask": np.zeros((2, 3, 3))}] * 3)
    assert [path.name for path in tmp_path.iterdir()] == ["m_train_1_3.png"]
    assert parse_frequency("T", None, 7) == (7, "step")


@pytest.mark.parametrize("kwargs, message", [({}, "at least one key"), ({"image": "x", "frequency": "3d"},
                                                                        "frequency")])
def test_misuse(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        BatchDisplay(**kwargs)
