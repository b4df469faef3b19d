"""Restorable: the small state protocol of Ops, Traces and the objects they hold (`get_state` / `set_state`), which a
RestoreWizard snapshot saves so a resumed run continues exactly where the last one stopped.

By default an object's state is every attribute holding plain data (numbers, strings, None, numpy arrays, and lists,
tuples, sets and dicts of them) or another Restorable (saved as its own state); models, functions, files and other
objects are left out (model weights and optimizer slots are saved as variables). A class lists attributes that are
settings rather than state in `state_exclude`, or overrides both methods.

Example:
    >>> import numpy as np
    >>> class Counter(Restorable):
    ...     def __init__(self):
    ...         self.count, self.seen, self.fn = 0, [], len
    >>> counter = Counter()
    >>> counter.count, counter.seen = 3, [np.array([1, 2])]
    >>> state = counter.get_state()
    >>> sorted(state)
    ['count', 'seen']
    >>> fresh = Counter()
    >>> fresh.set_state(state)
    >>> fresh.count, fresh.seen[0].tolist(), fresh.fn is len
    (3, [1, 2], True)
"""
import numpy as np

PLAIN_SCALARS = (type(None), bool, int, float, complex, str, bytes, np.generic)


def is_plain(value):
    """Whether `value` is plain data: a number, string, None, numpy array (not of objects), or a list, tuple, set or
    dict of plain data.

    Example:
        >>> is_plain({"best": 0.5, "history": [1, 2]}), is_plain([len]), is_plain(np.array([None]))
        (True, False, False)
    """
    if isinstance(value, PLAIN_SCALARS):
        return True
    if isinstance(value, np.ndarray):
        return value.dtype != object
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(is_plain(key) and is_plain(item) for key, item in value.items())
    return False


class Restorable:
    """An object whose state (`get_state`) can be put back into a fresh, identically configured copy (`set_state`).

    Example:
        >>> class Best(Restorable):
        ...     state_exclude = ("key",)
        ...     def __init__(self, key):
        ...         self.key, self.best = key, None
        >>> best = Best("loss"); best.best = 0.1
        >>> best.get_state()
        {'best': 0.1}
    """

    state_exclude = ()  # attributes that are settings (given to the constructor), not state

    def get_state(self):
        """The object's state: {attribute: plain value, or the state of a Restorable attribute}."""
        return plain_state(self, self.state_exclude)

    def set_state(self, state):
        """Puts back a state from `get_state`."""
        set_plain_state(self, state)


def plain_state(obj, exclude=()):
    """{attribute: value} of `obj`'s attributes (but those in `exclude`) that hold plain data, and the state of those
    that are Restorable: the default `Restorable.get_state`, also usable on objects of other libraries.

    Example:
        >>> import keras
        >>> stop = keras.callbacks.EarlyStopping(patience=3)
        >>> stop.wait = 2
        >>> state = plain_state(stop)
        >>> state["wait"], "model" in state
        (2, False)
    """
    state = {}
    for name, value in vars(obj).items():
        if name in exclude:
            continue
        if isinstance(value, Restorable):
            state[name] = value.get_state()
        elif is_plain(value):
            state[name] = value
    return state


def set_plain_state(obj, state):
    """Puts back a state from `plain_state` into `obj`.

    Example:
        >>> import keras
        >>> stop = keras.callbacks.EarlyStopping()
        >>> set_plain_state(stop, {"wait": 2}); stop.wait
        2
    """
    for name, value in state.items():
        current = getattr(obj, name, None)
        if isinstance(current, Restorable):
            current.set_state(value)
        else:
            setattr(obj, name, value)
