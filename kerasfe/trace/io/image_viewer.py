"""ImageViewer: shows images, Displays and Summaries that Traces write, at each epoch end and at the end."""
import numpy as np

from kerasfe.summary import Summary
from kerasfe.trace.trace import Trace
from kerasfe.util.display import Display, ImageDisplay, SummaryDisplay


def figure_value(value):
    """The Display of a bus value that is a figure: a Display itself, or a SummaryDisplay of a Summary or a list
    of them (LabelTracker, InstanceTracker); None for anything else.

    Example:
        >>> figure_value(Summary("a")).summaries[0].name, figure_value(np.zeros(3))
        ('a', None)
    """
    if isinstance(value, Display):
        return value
    if isinstance(value, Summary):
        value = [value]
    if isinstance(value, (list, tuple)) and value and all(isinstance(item, Summary) for item in value):
        return SummaryDisplay(value)
    return None


def as_displays(key, value):
    """What a bus value looks like as figures: [(name suffix, Display)]. A Display is itself; a Summary or a list
    of them is a SummaryDisplay; a batch of images gives one ImageDisplay per image.

    Example:
        >>> [name for name, _ in as_displays("x", np.zeros((2, 4, 4)))]
        ['_elem_0', '_elem_1']
    """
    figure = figure_value(value)
    if figure is not None:
        return [("", figure)]
    return [(f"_elem_{index}", ImageDisplay(image=image, title=key)) for index, image in enumerate(np.asarray(value))]


class ImageViewer(Trace):
    """Shows the images, Displays (Saliency, GradCAM, ...) or Summaries (LabelTracker, InstanceTracker) under
    `inputs` on screen at each epoch end and at the end of training (for notebooks and debugging).

    Args:
        inputs: the key(s) to show.
        mode: where it runs.
        interactive: accepted for FastEstimator's signature (matplotlib figures are static).

    Example:
        >>> sorted(ImageViewer(inputs="saliency").mode)
        ['eval', 'test']
    """

    def __init__(self, inputs, mode=("eval", "test"), interactive=False):
        super().__init__(inputs=inputs, mode=mode)
        self.interactive = interactive

    def on_epoch_end(self, data):
        self._show(data)

    def on_end(self, data):
        self._show(data)

    def _show(self, data):
        for key in self.inputs:
            if key in data:
                for _, figure in as_displays(key, data[key]):
                    figure.show(interactive=self.interactive)
