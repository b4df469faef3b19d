"""FastEstimator's `fe.util.Data`: the batch dict a Trace reads and writes, with FastEstimator's argument name."""
from kerasfe.trace.trace import Data as TraceData


class Data(TraceData):
    """`kerasfe.trace.Data` built from `batch_data` (FastEstimator's name for its first argument).

    Example:
        >>> data = Data(batch_data={"ce": 0.5})
        >>> data.write_with_log("acc", 1.0)
        >>> float(data["ce"]), data.logs, isinstance(data, TraceData)
        (0.5, {'acc': 1.0}, True)
    """

    def __init__(self, batch_data=None):
        super().__init__(batch_data)
