"""Schedulers: values (ops, traces, batch sizes, data sets, optimizers) that change with the epoch."""
from kerasfe.errors import ConfigError, WrongTypeError


class Scheduler:
    """A value that depends on the epoch. Subclasses define `get_current_value` and `get_all_values`."""

    def get_current_value(self, epoch):
        """The value in force at `epoch` (epochs count from 1); None means "nothing" at that epoch."""
        raise NotImplementedError

    def get_all_values(self):
        """Every value the scheduler can give, in order (None included)."""
        raise NotImplementedError


class RepeatScheduler(Scheduler):
    """Cycles through a list, one item per epoch: epoch 1 gets item 0, epoch 2 item 1, ...

    Args:
        repeat_list: the values to cycle through; None entries mean "nothing" in that epoch.

    Example:
        >>> scheduler = RepeatScheduler(["a", "b"])
        >>> [scheduler.get_current_value(epoch) for epoch in (1, 2, 3, 4)]
        ['a', 'b', 'a', 'b']
    """

    def __init__(self, repeat_list):
        if not isinstance(repeat_list, (list, tuple)) or not repeat_list:
            raise WrongTypeError(f"RepeatScheduler: repeat_list must be a non-empty list; got {repeat_list!r}")
        self.repeat_list = list(repeat_list)

    def get_current_value(self, epoch):
        return self.repeat_list[(epoch - 1) % len(self.repeat_list)]

    def get_all_values(self):
        return list(self.repeat_list)

    def __repr__(self):
        return f"RepeatScheduler({self.repeat_list})"


class EpochScheduler(Scheduler):
    """Switches value at given epochs: `{1: a, 3: b, 5: None}` gives a in epochs 1-2, b in 3-4, nothing after.

    Before the first key the value is None.

    Args:
        epoch_dict: {first epoch (int >= 1): value from that epoch on}.

    Example:
        >>> scheduler = EpochScheduler({1: 128, 3: 64})
        >>> [scheduler.get_current_value(epoch) for epoch in (1, 2, 3, 9)]
        [128, 128, 64, 64]
    """

    def __init__(self, epoch_dict):
        if not isinstance(epoch_dict, dict) or not epoch_dict:
            raise WrongTypeError(f"EpochScheduler: epoch_dict must be a non-empty dict; got {epoch_dict!r}")
        for epoch in epoch_dict:
            if not isinstance(epoch, int) or epoch < 1:
                raise ConfigError(f"EpochScheduler: keys must be epochs (int >= 1); got {epoch!r}")
        self.epoch_dict = dict(sorted(epoch_dict.items()))

    def get_current_value(self, epoch):
        value = None
        for start, candidate in self.epoch_dict.items():
            if start > epoch:
                break
            value = candidate
        return value

    def get_all_values(self):
        return list(self.epoch_dict.values())

    def __repr__(self):
        return f"EpochScheduler({self.epoch_dict})"


def get_current_value(item, epoch):
    """The value of `item` at `epoch`: a scheduler's current value, or the item itself.

    Example:
        >>> get_current_value(EpochScheduler({1: "a", 2: "b"}), 2), get_current_value("c", 2)
        ('b', 'c')
    """
    return item.get_current_value(epoch) if isinstance(item, Scheduler) else item


def get_all_values(item):
    """Every value `item` can take: a scheduler's values without None, or [item] itself.

    Example:
        >>> get_all_values(EpochScheduler({1: "a", 3: None})), get_all_values("c")
        (['a'], ['c'])
    """
    if isinstance(item, Scheduler):
        return [value for value in item.get_all_values() if value is not None]
    return [item]


def map_values(item, fn):
    """`item` with `fn` applied to its value, or to every value of a scheduler (None stays None), in a
    scheduler of the same kind; values that are one object map to one result.

    Example:
        >>> map_values(EpochScheduler({1: "a", 3: None, 5: "a"}), str.upper), map_values("c", str.upper)
        (EpochScheduler({1: 'A', 3: None, 5: 'A'}), 'C')
    """
    made = {}

    def apply(value):
        if value is None:
            return None
        if id(value) not in made:
            made[id(value)] = fn(value)
        return made[id(value)]

    if isinstance(item, EpochScheduler):
        return EpochScheduler({epoch: apply(value) for epoch, value in item.epoch_dict.items()})
    if isinstance(item, RepeatScheduler):
        return RepeatScheduler([apply(value) for value in item.repeat_list])
    if isinstance(item, Scheduler):
        raise WrongTypeError(f"{type(item).__name__}: kerasfe maps the values of EpochScheduler and RepeatScheduler "
                             "only; subclass one of those")
    return apply(item)


def get_current_items(items, run_modes=None, epoch=1, ds_id=None):
    """The items in force at `epoch` (schedulers resolved, Nones dropped; epoch None: every value of every
    epoch), keeping those that run in one of `run_modes` (a mode or a list of modes; None: every mode).

    Items with a `should_run(mode, ds_id)` method (ops, traces) are filtered by it when `run_modes` is given.

    Example:
        >>> get_current_items(["a", EpochScheduler({1: None, 2: "b"})], epoch=2)
        ['a', 'b']
        >>> get_current_items(["a", EpochScheduler({1: "b", 2: "c"})], epoch=None)
        ['a', 'b', 'c']
    """
    if epoch is None:
        current = [value for item in items for value in get_all_values(item)]
    else:
        current = [item for item in (get_current_value(item, epoch) for item in items) if item is not None]
    if run_modes is None:
        return current
    modes = [run_modes] if isinstance(run_modes, str) else list(run_modes)
    return [item for item in current
            if not hasattr(item, "should_run") or any(item.should_run(mode, ds_id) for mode in modes)]


def get_signature_epochs(items, total_epochs, mode=None, ds_id=None):
    """The epochs (from 1 to `total_epochs`) where the value of any item may differ from the epoch before;
    with `mode` (and `ds_id`), only those where the items running in that mode (on that data set) change.

    Epoch 1 is always one. The active op set (and so a compiled step) changes only at these epochs.

    Example:
        >>> get_signature_epochs([EpochScheduler({1: "a", 3: "b"}), RepeatScheduler(["x", "y"])], 4)
        [1, 2, 3, 4]
        >>> get_signature_epochs(["a", EpochScheduler({1: 32, 3: 64})], 6)
        [1, 3]
        >>> from kerasfe.op.op import Op
        >>> get_signature_epochs([EpochScheduler({1: Op(mode="train"), 3: Op(mode="eval")})], 4, mode="train")
        [1, 3]
    """
    epochs = {1}
    for item in items:
        if isinstance(item, EpochScheduler):
            epochs.update(epoch for epoch in item.epoch_dict if epoch <= total_epochs)
        elif isinstance(item, RepeatScheduler) and len(item.repeat_list) > 1:
            epochs.update(range(1, total_epochs + 1))
    if mode is None:
        return sorted(epochs)
    def running(epoch):
        return [id(item) for item in get_current_items(items, mode, epoch, ds_id)]
    return [epoch for epoch in sorted(epochs) if epoch == 1 or running(epoch) != running(epoch - 1)]
