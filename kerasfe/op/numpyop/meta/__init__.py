"""Meta NumpyOps: ops that run other ops (Sometimes, OneOf, Repeat, Fuse)."""
from kerasfe.op.numpyop.meta.fuse import Fuse
from kerasfe.op.numpyop.meta.meta import MetaOp
from kerasfe.op.numpyop.meta.one_of import OneOf
from kerasfe.op.numpyop.meta.repeat import Repeat
from kerasfe.op.numpyop.meta.sometimes import Sometimes

__all__ = ["Fuse", "MetaOp", "OneOf", "Repeat", "Sometimes"]
