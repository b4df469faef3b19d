import numpy as np

from kerasfe.summary import Summary
from kerasfe.trace import Data, System
from kerasfe.trace.io import ImageViewer
from kerasfe.trace.io.image_viewer import as_displays
from kerasfe.util import Display, GridDisplay, ImageDisplay, SummaryDisplay


def test_shows_displays_summaries_and_image_batches(monkeypatch):
    shown = []
    monkeypatch.setattr(Display, "show", lambda self, **kwargs: shown.append(type(self).__name__))
    viewer = ImageViewer(inputs=["grid", "summaries", "images", "absent"])
    viewer.system = System(network=None)
    grid = GridDisplay([ImageDisplay(text="a")])
    viewer.on_epoch_end(Data({"grid": grid, "summaries": [Summary("a"), Summary("b")], "images": np.zeros((2, 3, 3))}))
    assert shown == ["GridDisplay", "SummaryDisplay", "ImageDisplay", "ImageDisplay"]
    (name, display), = as_displays("s", Summary("only"))
    assert name == "" and isinstance(display, SummaryDisplay) and display.summaries[0].name == "only"
    images = as_displays("x", np.ones((2, 4, 4, 1)))
    assert [name for name, _ in images] == ["_elem_0", "_elem_1"] and images[1][1].title == "x"
