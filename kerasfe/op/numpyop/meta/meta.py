"""MetaOp: the base of ops that run other NumpyOps (Sometimes, OneOf, Repeat, Fuse)."""
import numpy as np

from kerasfe.errors import WrongTypeError
from kerasfe.op.numpyop.numpyop import NumpyOp
from kerasfe.op.numpyop.state import SampleState


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

    def forward(self, data, state):
        """FastEstimator's call: the values of `inputs` (a list, in order) in, the values of `outputs` out.

        A `state` without a random generator (e.g. `{"mode": "train"}`) draws from one seeded by numpy's global
        generator, as FastEstimator's meta ops draw from it.

        Example:
            >>> from kerasfe.op.numpyop import Minmax, ExpandDims
            >>> from kerasfe.op.numpyop.meta import Fuse
            >>> op = Fuse([Minmax(inputs="x", outputs="y"), ExpandDims(inputs="y", outputs="z")])
            >>> [value.tolist() for value in op.forward([np.array([2.0, 4.0])], {"mode": "train"})]
            [[0.0, 1.0], [[0.0], [1.0]]]
        """
        if not isinstance(state, SampleState):
            state = SampleState(state.get("mode", "train"), seed=int(np.random.randint(2 ** 31)),
                                epoch=state.get("epoch", 1), ds_id=state.get("ds_id"))
        sample = dict(zip(self.inputs, data))
        self.apply(sample, state)
        return [sample[key] for key in self.outputs]
