"""Every kerasfe TensorOp round-trips through Keras serialisation: its config is its constructor arguments."""
import keras
import pytest

from kerasfe.errors import ConfigError
from kerasfe.op.tensorop import (FGSM, Argmax, Average, CrossEntropy, CutMixBatch, Delete, Dice, DiceLoss, FocalLoss,
                                 Fuse, Gather, GradientOp, Hinge, L1_Loss, L2Regularization, LambdaOp, LayerOp,
                                 MeanSquaredError, MixUpBatch, ModelOp, Normalize, OneOf, Permute, Repeat, Reshape,
                                 Resize3D, Sometimes, SuperLoss, UnHadamard, UpdateOp, Watch)
from kerasfe.op.tensorop.config import model_table
from kerasfe.schedule import EpochScheduler, RepeatScheduler


def model():
    built = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="config_probe")
    built.compile(optimizer="sgd")
    return built


def negate(key):
    return LambdaOp(fn=keras.ops.negative, inputs=key, outputs=key)


def every_op(net):
    return [
        Argmax("p", "label", axis=1, mode="infer"), Average(("a", "b"), "mean"), Reshape("x", "x", shape=(2, 3)),
        Permute("x", "x", permutation=(2, 1)), Gather("s", "g", indices="y"),
        CrossEntropy(("p", "y"), "ce", from_logits=True, form="sparse", average_loss=False),
        Dice(("m", "t"), "dice", epsilon=0.1), FocalLoss(("p", "y"), "fl", alpha=None, gamma=1.0),
        Hinge(("p", "y"), "h"), L1_Loss(("p", "y"), "l1", loss_type="Huber", beta=0.5),
        MeanSquaredError(("p", "y"), "mse", mode="train", ds_id=["a", "!b"]),
        SuperLoss(CrossEntropy(("p", "y"), "ce"), threshold=1.5, output_confidence="sigma"),
        MixUpBatch(("x", "y"), ("x", "y"), alpha=0.4, num_classes=3, seed=2),
        CutMixBatch(("x", "y"), ("x", "y"), seed=3), Watch(inputs="x"), GradientOp(finals="p", inputs="x", outputs="dx"),
        GradientOp(finals="p", model=net, outputs="dw"), FGSM("x", "ce", "x_adv", epsilon=0.1, clip_low=0.0),
        Fuse([negate("x"), negate("y")], mode="train"), Sometimes(negate("x"), prob=0.3, seed=1),
        OneOf(negate("x"), negate("x"), seed=4), Repeat(negate("x"), repeat=3),
        LayerOp(keras.layers.RandomFlip("horizontal", seed=5), "x", "x", mode="train"),
        ModelOp(net, "x", "p", trainable=False), UpdateOp(net, "ce", merge_grad=1),
        L2Regularization("ce", "ce", model=net, beta=0.5), Delete(keys="g"), Normalize("x", "x", mean=0.5, std=0.2),
        Resize3D("v", "v", output_shape=(2, 2, 2), resize_mode="area"), UnHadamard("c", "c", n_classes=3),
        DiceLoss(("m", "t"), "dl", channel_weights={0: 2.0}), OneOf(negate("x"), negate("x"), probs=[0.3, 0.7])]


@pytest.mark.parametrize("index", range(26))
def test_each_op_round_trips_with_its_arguments(index):
    net = model()
    op = every_op(net)[index]
    with model_table() as table:
        config = keras.saving.serialize_keras_object(op)
    assert config["registered_name"] == f"kerasfe>{type(op).__name__}"
    with model_table(table.models):
        rebuilt = keras.saving.deserialize_keras_object(config)
    assert type(rebuilt) is type(op) and rebuilt.get_config() == op.get_config()
    assert (rebuilt.inputs, rebuilt.outputs, rebuilt.mode, rebuilt.ds_ids, rebuilt.in_list, rebuilt.out_list) == (
        op.inputs, op.outputs, op.mode, op.ds_ids, op.in_list, op.out_list)
    assert getattr(rebuilt, "model", None) is getattr(op, "model", None)


def test_an_op_saved_on_its_own_carries_its_model():
    net = model()
    rebuilt = keras.saving.deserialize_keras_object(keras.saving.serialize_keras_object(ModelOp(net, "x", "p")))
    assert rebuilt.model is not net and rebuilt.model.name == net.name
    assert [w.shape for w in rebuilt.model.weights] == [w.shape for w in net.weights]


def test_schedulers_of_ops_round_trip():
    from kerasfe.op.tensorop.config import from_config, to_config
    ops = [EpochScheduler({1: negate("x"), 3: None}), RepeatScheduler([negate("x"), Argmax("x", "y")])]
    epochs, repeat = from_config(to_config(ops, "probe"), "probe")
    assert list(epochs.epoch_dict) == [1, 3] and epochs.epoch_dict[3] is None
    assert [type(op).__name__ for op in repeat.repeat_list] == ["LambdaOp", "Argmax"]


def test_a_model_reference_outside_a_network_says_how_to_load_it():
    with model_table():
        config = keras.saving.serialize_keras_object(ModelOp(model(), "x", "p"))
    with pytest.raises(ConfigError, match="refers to model 'config_probe' by name; load it as part of its Network"):
        keras.saving.deserialize_keras_object(config)
