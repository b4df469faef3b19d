"""Operators: steps that read and write keys of the batch dict."""
from kerasfe.op.op import Op, get_inputs_by_op, write_outputs_by_op

__all__ = ["Op", "get_inputs_by_op", "write_outputs_by_op"]
