import pytest

from kerasfe.errors import ConfigError, MissingKeyError
from kerasfe.op.op import (Op, get_inputs_by_op, parse_ds_ids, parse_modes, read_inputs, run_op, to_list,
                           write_outputs, write_outputs_by_op)


class AddOne(Op):
    def forward(self, data, state):
        return [value + 1 for value in data] if self.in_list else data + 1


def test_modes_none_means_all_and_negation_excludes_one():
    assert parse_modes(None) == {"train", "eval", "test", "infer"}
    assert parse_modes("!infer") == {"train", "eval", "test"}
    assert parse_modes(["eval", "test"]) == {"eval", "test"}


def test_unknown_mode_is_named_in_the_error():
    with pytest.raises(ConfigError, match="unknown mode 'training'"):
        Op(inputs="x", mode="training")


def test_should_run_follows_mode_and_ds_id():
    op = Op(inputs="x", mode="eval", ds_id=["clean"])
    assert op.should_run("eval", "clean") and not op.should_run("eval", "noisy") and not op.should_run("train")
    assert Op(ds_id="!noisy").should_run("train", "clean") and not Op(ds_id="!noisy").should_run("train", "noisy")
    assert parse_ds_ids(None) == (frozenset(), frozenset())


def test_single_and_list_inputs_and_outputs():
    batch = {"a": 1, "b": 10}
    run_op(AddOne(inputs="a", outputs="a1"), batch, {"mode": "train"})
    run_op(AddOne(inputs=["a", "b"], outputs=["a2", "b2"]), batch, {"mode": "train"})
    assert batch == {"a": 1, "b": 10, "a1": 2, "a2": 2, "b2": 11}
    assert to_list(("x",)) == ["x"]


def test_missing_key_names_op_key_mode_and_available_keys():
    with pytest.raises(MissingKeyError) as error:
        read_inputs(AddOne(inputs="image", outputs="y"), {"x": 1, "y": 2}, "eval")
    assert str(error.value) == "AddOne needs key 'image' in mode 'eval', but the batch only has ['x', 'y']"
    assert isinstance(error.value, KeyError)


def test_wrong_number_of_outputs_is_an_error():
    with pytest.raises(ConfigError, match=r"returned 1 values for outputs \['a', 'b'\]"):
        write_outputs(Op(outputs=["a", "b"]), {}, [1])


def test_fastestimators_get_inputs_and_write_outputs_by_op():
    import numpy as np

    frozen = np.zeros(2)
    frozen.flags.writeable = False
    store = {"a": frozen, "b": 1}
    values = get_inputs_by_op(Op(inputs=["a", "b"]), store, copy_on_write=True)
    assert values[0].flags.writeable and values[1] == 1 and store["a"] is values[0]
    assert get_inputs_by_op(Op(inputs="b"), store) == 1
    write_outputs_by_op(Op(outputs=["c", "d"]), store, (3, 4))
    assert store["c"] == 3 and store["d"] == 4
    with pytest.raises(MissingKeyError):
        get_inputs_by_op(Op(inputs="z"), store)


def test_ds_id_filters_hold_on_a_data_set_given_without_an_id_as_fastestimator():
    import numpy as np

    import kerasfe as fe
    from kerasfe.op.numpyop import LambdaOp
    from kerasfe.op.tensorop import LambdaOp as TensorLambdaOp
    from kerasfe.trace.runner import TraceRunner
    from kerasfe.trace.system import System
    from kerasfe.trace.trace import Trace
    ops = [LambdaOp(fn=lambda x: x + 1, inputs="x", outputs="x", ds_id="a"),  # names an id: not on unnamed data
           LambdaOp(fn=lambda x: x * 10, inputs="x", outputs="x", ds_id="!a")]  # excludes one: runs on unnamed data
    unnamed = fe.Pipeline(eval_data={"x": np.arange(3)}, batch_size=3, ops=ops)
    assert unnamed.get_results("eval")[0]["x"].tolist() == [0, 10, 20]
    named = fe.Pipeline(eval_data={"a": {"x": np.arange(3)}}, batch_size=3, ops=ops)
    assert named.get_results("eval", ds_id="a")[0]["x"].tolist() == [1, 2, 3]
    network = fe.Network(ops=[TensorLambdaOp(fn=lambda x: x * 2, inputs="x", outputs="x", ds_id="a")])
    assert network.active_ops("eval") == [] and (network.set_ds_id("a") or network.active_ops("eval"))
    trace = Trace(mode="eval", ds_id="a")
    runner = TraceRunner([trace], System(network=None))
    runner.start_run()
    runner.prepare("eval", 1)
    assert trace not in runner.active_traces("eval")
    runner.prepare("eval", 1, ds_id="a")
    assert trace in runner.active_traces("eval")
