"""GridDisplay (Trace): BatchDisplay columns side by side, every so many steps or epochs."""
from kerasfe.trace.io.batch_display import FrequencyDisplay
from kerasfe.util import display


class GridDisplay(FrequencyDisplay):
    """Draws several BatchDisplay Traces' figures as the columns of one `kerasfe.util.GridDisplay`; the columns'
    own batch_limit, frequency, save_dir, mode and ds_id are ignored for this Trace's.

    Args:
        columns: BatchDisplay Traces.
        batch_limit, frequency, save_dir, mode, ds_id: as for BatchDisplay.
        title: the file-name prefix in `save_dir`.

    Example:
        >>> from kerasfe.trace.io.batch_display import BatchDisplay
        >>> GridDisplay([BatchDisplay(image="x"), BatchDisplay(text="y")]).inputs
        ['x', 'y']
    """

    def __init__(self, columns, batch_limit=None, frequency=None, save_dir=None, title="grid", mode=None,
                 ds_id=None):
        self.columns = list(columns)
        keys = list(dict.fromkeys(key for column in self.columns for key in column.inputs))
        super().__init__(keys, title, batch_limit, frequency, save_dir, mode, ds_id)

    def make_display(self, data):
        return display.GridDisplay([column.make_image(data, self.batch_limit) for column in self.columns])
