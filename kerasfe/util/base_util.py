"""FastEstimator's general helpers of `fe.util` (its `base_util`): containers, names, modes, files and colors.

Example:
    >>> to_list(None), to_list((1, 2)), to_set("a")
    ([], [1, 2], {'a'})
"""
import colorsys
import os
import re
import string
import sys
from collections.abc import KeysView

from kerasfe.errors import ConfigError
from kerasfe.op.op import MODES
from kerasfe.op.op import parse_modes as parse_mode_argument


def warn(message):
    """Prints `message` as a yellow "kerasfe-Warn" line (FastEstimator's console warning).

    Example:
        >>> warn("check this")
        \x1b[93mkerasfe-Warn: check this\x1b[00m
    """
    print(f"\x1b[93mkerasfe-Warn: {message}\x1b[00m", flush=True)


def to_set(data):
    """`data` as a set: None gives the empty set, a list / tuple / dict keys view its elements, anything else a
    set of one.

    Example:
        >>> to_set(None), to_set([1, 1, 2]), to_set(3)
        (set(), {1, 2}, {3})
    """
    if data is None:
        return set()
    if isinstance(data, set):
        return data
    if isinstance(data, (tuple, list, KeysView)):
        return set(data)
    return {data}


def to_list(data):
    """`data` as a list: None gives [], a tuple or set its elements, anything else (a string, a dict) a list of
    one.

    Example:
        >>> to_list(None), to_list("ab"), to_list({"a": 1}), to_list((1, 2))
        ([], ['ab'], [{'a': 1}], [1, 2])
    """
    if data is None:
        return []
    if isinstance(data, list):
        return data
    if isinstance(data, (tuple, set)):
        return list(data)
    return [data]


def filter_nones(ins):
    """`ins` without its None entries (dicts: without the keys whose value is None), of the same kind.

    Example:
        >>> filter_nones([1, None, 2]), filter_nones((None,)), filter_nones({"a": None, "b": 0})
        ([1, 2], (), {'b': 0})
    """
    if isinstance(ins, dict):
        return {key: value for key, value in ins.items() if value is not None}
    kept = [item for item in ins if item is not None]
    if isinstance(ins, (set, tuple)):
        return type(ins)(kept)
    return kept


def IfElse(cond, y, n=None):  # noqa: N802 - FastEstimator's name
    """`y` if `cond` else `n`: a one-call choice for configuration files and search spaces.

    Example:
        >>> IfElse(True, "gpu", "cpu"), IfElse(False, "gpu")
        ('gpu', None)
    """
    return y if cond else n


def param_to_range(data):
    """A number `x` as the range (-|x|, |x|); a list or tuple as a tuple.

    Example:
        >>> param_to_range(0.2), param_to_range(-3), param_to_range([1, 5])
        ((-0.2, 0.2), (-3, 3), (1, 5))
    """
    if isinstance(data, (int, float)):
        return (-data, data) if data > 0 else (data, -data)
    if isinstance(data, (list, tuple)):
        return tuple(data)
    return data


class NonContext:
    """A context manager that does nothing (for `with A() if cond else NonContext():`).

    Example:
        >>> with NonContext():
        ...     print("ran")
        ran
    """

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


class LogSplicer:
    """Copies what is printed (stdout) inside the block into the file `log_path` (appended) as well.

    Example:
        >>> import tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "log.txt")
        >>> with LogSplicer(path):
        ...     print("epoch 1")
        epoch 1
        >>> open(path).read()
        'epoch 1\\n'
    """

    def __init__(self, log_path):
        self.log_path = log_path
        self.stdout = None
        self.log_file = None

    def __enter__(self):
        self.log_file = open(self.log_path, "a")
        self.stdout, sys.stdout = sys.stdout, self
        return self

    def __exit__(self, *exc):
        sys.stdout = self.stdout
        self.log_file.close()

    def write(self, output):
        """Writes `output` to the log file and to the real stdout."""
        self.log_file.write(output)
        self.stdout.write(output)

    def flush(self):
        """Flushes both streams."""
        self.stdout.flush()
        self.log_file.flush()


def prettify_metric_name(metric):
    """A metric key as a title: camel case split, underscores as spaces, every word capitalized.

    Example:
        >>> prettify_metric_name("myMetric_name")
        'My Metric Name'
    """
    return string.capwords(re.sub("([a-z])([A-Z])", r"\g<1> \g<2>", metric).replace("_", " "))


def strip_suffix(target, suffix):
    """`target` without `suffix` at its end (unchanged if it does not end so, or either is None).

    Example:
        >>> strip_suffix("astring.json", ".json"), strip_suffix("a", None)
        ('astring', 'a')
    """
    if suffix is None or target is None or not suffix:
        return target
    return target[:-len(suffix)] if target.endswith(suffix) else target


def strip_prefix(target, prefix):
    """`target` without `prefix` at its start (unchanged if it does not start so, or either is None).

    Example:
        >>> strip_prefix("astring.json", "ast"), strip_prefix(None, "a")
        ('ring.json', None)
    """
    if prefix is None or target is None:
        return target
    return target[len(prefix):] if target.startswith(prefix) else target


def get_type(obj):
    """A readable type of `obj`: its dtype, `List[...]` of a sequence's first element, or the class name.

    Example:
        >>> import numpy as np
        >>> get_type(np.ones(2, "float32")), get_type([1, 2]), get_type("a"), get_type([])
        ('float32', 'List[int]', 'str', 'list')
    """
    if hasattr(obj, "dtype"):
        return str(obj.dtype)
    if isinstance(obj, (list, tuple)) and obj:
        return f"List[{get_type(obj[0])}]"
    return strip_suffix(strip_prefix(str(type(obj)), "<class '"), "'>")


def check_io_names(names):
    """Checks op input / output key names (no ':' or ';', not empty, at most one '|'); returns them.

    Example:
        >>> check_io_names(["x", "y|z"])
        ['x', 'y|z']
    """
    for name in names:
        if isinstance(name, list):
            check_io_names(name)
            continue
        if not name or any(char in name for char in ":;") or name.count("|") > 1:
            raise ConfigError(f"key name '{name}' is not allowed: keys are non-empty and hold no ':' or ';' and at "
                              "most one '|'")
    return names


def parse_modes(modes):
    """The set of modes a set of mode names stands for: names ("train", ...) or negations ("!infer": every mode
    but that one), not mixed.

    Example:
        >>> sorted(parse_modes({"!infer"})), sorted(parse_modes({"train", "eval"}))
        (['eval', 'test', 'train'], ['eval', 'train'])
    """
    negations = {mode.startswith("!") for mode in modes}
    if len(negations) > 1:
        raise ConfigError(f"modes cannot mix '!mode' with 'mode'; got {sorted(modes)}")
    parsed = set(parse_mode_argument(sorted(modes), owner="parse_modes"))  # checks the names
    return set(MODES) - {mode[1:] for mode in modes} if True in negations else parsed


def check_ds_id(ds_ids):
    """Checks data set ids: non-empty strings without ':', ';' or '|', all kept ("a") or all excluded ("!a").

    Example:
        >>> sorted(check_ds_id({"ds1", "ds2"}))
        ['ds1', 'ds2']
    """
    if len({ds_id.startswith("!") for ds_id in ds_ids}) > 1:
        raise ConfigError(f"ds_id cannot mix '!id' with 'id'; got {sorted(ds_ids)}")
    for ds_id in ds_ids:
        if not isinstance(ds_id, str) or not ds_id or any(char in ds_id for char in ":;|"):
            raise ConfigError(f"data set id {ds_id!r} must be a non-empty string without ':', ';' or '|'")
    return ds_ids


def is_number(arg):
    """Whether `arg` can be read as a float.

    Example:
        >>> is_number("1e-3"), is_number("abc"), is_number(None)
        (True, False, False)
    """
    try:
        float(arg)
        return True
    except (ValueError, TypeError):
        return False


class DefaultKeyDict(dict):
    """A dict whose missing keys are filled with `default(key)` (a defaultdict that passes the key).

    Example:
        >>> squares = DefaultKeyDict(lambda key: key * key, one=1)
        >>> squares[4], squares["one"], sorted(squares.items(), key=str)
        (16, 1, [('one', 1), (4, 16)])
    """

    def __init__(self, default, **kwargs):
        super().__init__(**kwargs)
        self.factory = default

    def __missing__(self, key):
        value = self[key] = self.factory(key)
        return value


class FEID:
    """An int id whose printed form can be remapped for all ids at once (`set_translation_dict`).

    Example:
        >>> FEID.set_translation_dict({7: "@model"})
        >>> FEID(7), FEID(8), FEID(7) == 7
        (@model, 8, True)
        >>> FEID.set_translation_dict({})
    """

    __slots__ = ["_val"]
    _translation_dict = {}

    def __init__(self, val):
        self._val = val

    def __hash__(self):
        return hash(self._val)

    def __int__(self):
        return self._val

    def __eq__(self, other):
        return self._val == (int(other) if isinstance(other, FEID) else other)

    def __lt__(self, other):
        return self._val < (int(other) if isinstance(other, FEID) else other)

    def __repr__(self):
        return f"{self._translation_dict.get(self._val, self._val)}"

    __str__ = __repr__

    @classmethod
    def set_translation_dict(cls, mapping):
        """Sets how ids print: {id: printed form}."""
        cls._translation_dict.clear()
        cls._translation_dict.update(mapping)


class Flag:
    """A mutable boolean (shareable between objects).

    Example:
        >>> flag = Flag(); flag.set_true(); bool(flag)
        True
    """

    __slots__ = ["_val"]

    def __init__(self, val=False):
        self._val = val

    def set_true(self):
        """Sets the flag."""
        self._val = True

    def set_false(self):
        """Clears the flag."""
        self._val = False

    def __bool__(self):
        return self._val


def in_notebook():
    """Whether the code runs in a Jupyter notebook.

    Example:
        >>> in_notebook()
        False
    """
    shell = sys.modules.get("IPython")
    if shell is None or not hasattr(shell, "get_ipython"):
        return False
    return type(shell.get_ipython()).__name__ == "ZMQInteractiveShell"


def get_shape(obj):
    """The shape of `obj` as a list: its `.shape`, or for a list / tuple a ragged first axis (None) followed by
    the sizes its elements agree on (None where they differ); [] for anything else.

    Example:
        >>> import numpy as np
        >>> get_shape(np.ones((2, 3))), get_shape([np.ones((2, 3)), np.ones((2, 4))]), get_shape(5)
        ([2, 3], [None, 2, None], [])
    """
    if hasattr(obj, "shape"):
        return list(obj.shape)
    if not isinstance(obj, (list, tuple)):
        return []
    shapes = [get_shape(item) for item in obj]
    if not shapes or any(len(shape) != len(shapes[0]) for shape in shapes):
        return [None]
    return [None] + [sizes[0] if len(set(sizes)) == 1 else None for sizes in zip(*shapes)]


def list_files(root_dir, file_extension=None, recursive_search=True):
    """The paths of the files under `root_dir` (hidden files skipped), those ending in `file_extension` if given,
    in sub-folders too with `recursive_search`.

    Example:
        >>> import tempfile
        >>> root = tempfile.mkdtemp()
        >>> for name in ("a.png", "b.txt"):
        ...     open(os.path.join(root, name), "w").close()
        >>> [os.path.basename(path) for path in list_files(root, ".png")]
        ['a.png']
    """
    root_dir = os.path.normpath(root_dir)
    if not os.path.isdir(root_dir):
        raise ConfigError(f"list_files: '{root_dir}' is not a directory")
    paths = []
    for root, _, files in os.walk(root_dir):
        paths += [os.path.join(root, name) for name in sorted(files) if not name.startswith(".")
                  and (file_extension is None or name.endswith(file_extension))]
        if not recursive_search:
            break
    return paths


_PALETTE = ((1, 115, 178), (222, 143, 5), (2, 158, 115), (213, 94, 0), (204, 120, 188), (202, 145, 97),
            (251, 175, 228), (148, 148, 148), (236, 225, 51), (86, 180, 233))


def get_colors(n_colors, as_numbers=False, alpha=1.0):
    """`n_colors` distinct plot colors as "rgba(r,g,b,a)" strings (or (r, g, b, a) tuples with `as_numbers`): a
    colour-blind-friendly palette up to 10, evenly spaced hues beyond.

    Example:
        >>> get_colors(2)
        ['rgba(1,115,178,1.0)', 'rgba(222,143,5,1.0)']
        >>> get_colors(1, as_numbers=True, alpha=0.5)
        [(1.0, 115.0, 178.0, 0.5)]
    """
    if n_colors <= len(_PALETTE):
        rgbs = _PALETTE[:n_colors]
    else:
        hues = [((index + 0.01) / n_colors) % 1.0 for index in range(n_colors)]
        rgbs = [tuple(int(256 * value) for value in colorsys.hls_to_rgb(hue, 0.6, 0.95)) for hue in hues]
    if as_numbers:
        return [(float(r), float(g), float(b), float(alpha)) for r, g, b in rgbs]
    return [f"rgba({r},{g},{b},{alpha})" for r, g, b in rgbs]
