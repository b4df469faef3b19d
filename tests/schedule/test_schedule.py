import pytest

from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.op import Op
from kerasfe.schedule import (EpochScheduler, RepeatScheduler, get_all_values, get_current_items, get_current_value,
                              get_signature_epochs)


def test_epoch_scheduler_is_none_before_its_first_epoch_and_holds_values_until_the_next_key():
    scheduler = EpochScheduler({3: "b", 5: None, 2: "a"})
    assert [scheduler.get_current_value(epoch) for epoch in range(1, 7)] == [None, "a", "b", "b", None, None]
    assert scheduler.get_all_values() == ["a", "b", None]


def test_repeat_scheduler_cycles():
    scheduler = RepeatScheduler([1, None, 3])
    assert [scheduler.get_current_value(epoch) for epoch in range(1, 8)] == [1, None, 3, 1, None, 3, 1]


@pytest.mark.parametrize("bad", [{}, {0: "a"}, {"1": "a"}])
def test_epoch_scheduler_rejects_bad_keys(bad):
    with pytest.raises((ConfigError, WrongTypeError)):
        EpochScheduler(bad)


def test_repeat_scheduler_rejects_an_empty_list():
    with pytest.raises(WrongTypeError):
        RepeatScheduler([])


def test_plain_values_pass_through():
    assert get_current_value(7, epoch=3) == 7
    assert get_all_values(EpochScheduler({1: 7, 2: None})) == [7]


def test_current_items_resolve_schedulers_and_filter_by_mode():
    train_op, eval_op = Op(mode="train"), Op(mode="eval")
    items = [train_op, EpochScheduler({1: None, 2: eval_op}), "plain"]
    assert get_current_items(items, epoch=1) == [train_op, "plain"]
    assert get_current_items(items, run_modes="eval", epoch=2) == [eval_op, "plain"]


def test_current_items_filter_by_ds_id():
    clean_only = Op(ds_id="clean")
    assert get_current_items([clean_only], run_modes="eval", ds_id="noisy") == []
    assert get_current_items([clean_only], run_modes="eval", ds_id="clean") == [clean_only]


def test_signature_epochs_mark_every_change():
    assert get_signature_epochs([EpochScheduler({1: "a", 4: "b", 9: "c"})], total_epochs=6) == [1, 4]
    assert get_signature_epochs([RepeatScheduler(["a"])], total_epochs=3) == [1]
    assert get_signature_epochs([RepeatScheduler(["a", "b"])], total_epochs=3) == [1, 2, 3]


def test_current_items_of_several_modes_and_of_every_epoch():
    train_op, eval_op, test_op = Op(mode="train"), Op(mode="eval"), Op(mode="test")
    items = [train_op, EpochScheduler({1: eval_op, 2: test_op})]
    assert get_current_items(items, run_modes=["train", "test"], epoch=2) == [train_op, test_op]
    assert get_current_items(items, run_modes=["eval", "test"], epoch=None) == [eval_op, test_op]


def test_signature_epochs_of_a_mode_and_ds_id_skip_changes_elsewhere():
    clean, noisy = Op(mode="eval", ds_id="clean"), Op(mode="eval", ds_id="noisy")
    items = [EpochScheduler({1: clean, 3: noisy, 5: clean}), EpochScheduler({1: Op(mode="train"), 4: None})]
    assert get_signature_epochs(items, 6) == [1, 3, 4, 5]
    assert get_signature_epochs(items, 6, mode="eval") == [1, 3, 5]
    assert get_signature_epochs(items, 6, mode="eval", ds_id="noisy") == [1, 3, 5]
    assert get_signature_epochs(items, 6, mode="train") == [1, 4]
    assert get_signature_epochs(items, 6, mode="test") == [1]
