import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError, WrongTypeError
from kerasfe.op.tensorop import UpdateOp
from kerasfe.trace.adapt import LRScheduler
from tests.conftest import classifier_network, dense_model


def test_optimizer_from_name_function_or_instance():
    assert isinstance(fe.build(dense_model, "adam").optimizer, keras.optimizers.Adam)
    assert isinstance(fe.build(dense_model, lambda: keras.optimizers.SGD(0.1)).optimizer, keras.optimizers.SGD)
    assert isinstance(fe.build(dense_model, keras.optimizers.RMSprop()).optimizer, keras.optimizers.RMSprop)


def test_names_are_unique():
    first, second = fe.build(lambda: dense_model(name="twin"), "adam"), fe.build(lambda: dense_model(name="twin"), "adam")
    assert first.name != second.name and second.name.startswith("twin")
    assert fe.build(dense_model, "sgd", model_name="chosen").name == "chosen"


def test_one_optimizer_cannot_step_two_models():
    optimizer = keras.optimizers.Adam()
    first = fe.build(dense_model, optimizer)
    assert first.optimizer is optimizer
    with pytest.raises(ConfigError, match="already steps model"):
        fe.build(dense_model, optimizer)


def test_bad_arguments_are_type_errors():
    with pytest.raises(WrongTypeError, match="must return a keras.Model"):
        fe.build(lambda: "model", "adam")
    with pytest.raises(WrongTypeError, match="not a keras optimizer"):
        fe.build(dense_model, lambda: 0.1)


@pytest.mark.parametrize("suffix", [".weights.h5", ".keras"])
def test_weights_path_loads_saved_weights_and_optimizer_state(tmp_path, suffix, blobs):
    source = fe.build(dense_model, "adam")
    classifier_network(source).fit(blobs, batch_size=16, epochs=1, verbose=0)
    path = str(tmp_path / f"model{suffix}")
    source.save_weights(path) if suffix == ".weights.h5" else source.save(path)
    loaded = fe.build(dense_model, "adam", weights_path=path)
    for expected, actual in zip(source.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(expected, actual)
    assert int(loaded.optimizer.iterations) == 4 and len(loaded.optimizer.variables) == len(source.optimizer.variables)
    for expected, actual in zip(source.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(expected), keras.ops.convert_to_numpy(actual))


def test_mixed_float16_wraps_the_optimizer_in_loss_scaling():
    keras.mixed_precision.set_global_policy("mixed_float16")
    assert isinstance(fe.build(dense_model, "adam").optimizer, keras.optimizers.LossScaleOptimizer)


def test_model_fn_returning_a_list_builds_each_with_its_own_settings_as_fastestimator():
    def pair():
        return [dense_model(name="first"), dense_model(name="second")]
    first, second = fe.build(pair, ["sgd", None], model_name=["gen", "frozen"])
    assert (first.name, second.name) == ("gen", "frozen")
    assert isinstance(first.optimizer, keras.optimizers.SGD) and second.optimizer is None
    with pytest.raises(ConfigError, match="no optimizer"):
        UpdateOp(model=second, loss_name="ce")
    listed = fe.build([dense_model, dense_model], ["adam", "sgd"])
    assert [type(model.optimizer).__name__ for model in listed] == ["Adam", "SGD"]
    with pytest.raises(ConfigError, match="give one optimizer_fn per model"):
        fe.build(pair, ["adam"])


def test_an_explicit_model_name_is_kept_when_a_live_model_has_it():
    old = fe.build(dense_model, "sgd", model_name="classifier")
    new = fe.build(dense_model, "sgd", model_name="classifier")
    assert (old.name, new.name) == ("classifier", "classifier")
    assert LRScheduler(new, lambda step: 0.1).outputs == ["classifier_lr"]  # its log key keeps the name
    assert fe.build(dense_model, "sgd").name != fe.build(dense_model, "sgd").name  # default names stay unique


def test_mixed_precision_sets_the_mixed_float16_policy_before_the_model_is_made():
    model = fe.build(dense_model, "adam", mixed_precision=True)
    assert model.layers[0].dtype_policy.name == "mixed_float16"
    assert isinstance(model.optimizer, keras.optimizers.LossScaleOptimizer)
