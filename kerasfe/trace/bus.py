"""The names on the batch bus shared by the Network's step logs and the Traces.

A step returns its losses plus the batch keys the active Traces read, each as `BUS_PREFIX + key`;
`split_step_logs` takes them back out, so Keras callbacks only ever see scalar logs.

Example:
    >>> logs = {"ce": 0.5, "bus/y": [1, 0]}
    >>> split_step_logs(logs), logs
    ({'ce': 0.5, 'y': [1, 0]}, {'ce': 0.5})
"""
BUS_PREFIX = "bus/"  # step logs carry requested batch keys as "bus/<key>"
ALL_KEYS = "*"  # a Trace input meaning "everything earlier Traces log" (Logger, CSVLogger, ...)


def split_step_logs(logs, drop_prefix=None):
    """Step logs as a batch dict: "bus/<key>" becomes "<key>"; keys starting with `drop_prefix` are left out.

    The "bus/" keys are removed from `logs` itself, so the Keras callbacks after this one never see them.
    """
    batch = {}
    for key in list(logs or {}):
        if key.startswith(BUS_PREFIX):
            batch[key[len(BUS_PREFIX):]] = logs.pop(key)
        elif drop_prefix is None or not key.startswith(drop_prefix):
            batch[key] = logs[key]
    return batch


def requested_keys(traces, network):
    """The batch keys the network must return for `traces`: their inputs that no Trace writes and that
    are not losses (the step logs carry losses anyway).

    Example:
        >>> from kerasfe.trace.trace import Trace
        >>> requested_keys([Trace(inputs=["y", "y_pred"], outputs="acc"), Trace(inputs=["acc", "*"])], None)
        ('y', 'y_pred')
    """
    written = {key for trace in traces for key in trace.outputs}
    losses = set(getattr(network, "loss_trackers", {})) | {"loss"}
    return tuple(dict.fromkeys(key for trace in traces for key in trace.inputs
                               if key != ALL_KEYS and key not in written and key not in losses))
