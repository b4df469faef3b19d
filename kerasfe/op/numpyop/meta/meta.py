"""MetaOp: the base of ops that run other NumpyOps (Sometimes, OneOf, Repeat, Fuse)."""
from kerasfe.errors import WrongTypeError
from kerasfe.op.numpyop.numpyop import NumpyOp


class MetaOp(NumpyOp):
    """Wraps NumpyOps; its inputs, outputs and modes are gathered from them.

    Inputs are the keys the wrapped ops read that no earlier wrapped op writes; outputs are every key
    they write. The mode is that of the first op (all must share it, see `OneOf`).

    Example:
        >>> from kerasfe.op.numpyop import Minmax, ExpandDims
        >>> op = MetaOp([Minmax(inputs="x", outputs="y"), ExpandDims(inputs="y", outputs="z")])
        >>> op.inputs, op.outputs
        (['x'], ['y', 'z'])
    """

    def __init__(self, ops):
        ops = list(ops)
        for op in ops:
            if not isinstance(op, NumpyOp):
                raise WrongTypeError(f"{type(self).__name__} wraps NumpyOps; got {type(op).__name__}")
        if not ops:
            raise WrongTypeError(f"{type(self).__name__} needs at least one op")
        inputs, outputs = [], []
        for op in ops:
            inputs += [key for key in op.inputs if key not in outputs and key not in inputs]
            outputs += [key for key in op.outputs if key not in outputs]
        self.ops = ops
        super().__init__(inputs=inputs, outputs=outputs)
        self.mode, self.ds_ids, self.excluded_ds_ids = ops[0].mode, ops[0].ds_ids, ops[0].excluded_ds_ids

    def describe(self):
        return f"{type(self).__name__}({', '.join(op.describe() for op in self.ops)})"
