import os
import warnings

import keras
import numpy as np
import pytest

import kerasfe as fe
from kerasfe.errors import ConfigError
from kerasfe.trace.io import ModelSaver
from tests.conftest import dense_model
from tests.trace.helpers import Recorder, estimator


def test_model_saver_keeps_the_newest_files(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    saver = ModelSaver(model, save_dir=str(tmp_path), frequency=1, max_to_keep=2)
    estimator(blobs, [saver], epochs=3, model=model).fit()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{model.name}_epoch_2.weights.h5",
                                                          f"{model.name}_epoch_3.weights.h5"]
    fresh = fe.build(dense_model, "adam", weights_path=saver.path(3))
    for saved, expected in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_allclose(saved, expected)


class DiskFull(OSError):
    pass


@pytest.mark.parametrize("max_to_keep", [0, -1, 1.5, True])
def test_max_to_keep_below_one_is_refused_at_construction(max_to_keep):
    with pytest.raises(ConfigError) as error:
        ModelSaver(fe.build(dense_model, "adam"), "ckpt", max_to_keep=max_to_keep)
    assert str(error.value) == (f"ModelSaver: max_to_keep must be None (keep every file) or an int >= 1; got "
                                f"{max_to_keep!r}, which would delete every file it saves. Use max_to_keep=None or "
                                "max_to_keep=1 (only the newest)")


@pytest.mark.parametrize("frequency", [0, -2, 0.5, None])
def test_frequency_below_one_is_refused_at_construction(frequency):
    with pytest.raises(ConfigError) as error:
        ModelSaver(fe.build(dense_model, "adam"), "ckpt", frequency=frequency)
    assert str(error.value) == (f"ModelSaver: frequency must be an int >= 1 (save every this many epochs); got "
                                f"{frequency!r}. Use frequency=1 to save every epoch")


def test_old_files_are_pruned_only_once_the_new_one_is_complete(blobs, tmp_path, monkeypatch):
    model = fe.build(dense_model, "adam")
    saver = ModelSaver(model, save_dir=str(tmp_path), max_to_keep=1)
    save_weights = model.save_weights

    def fail_at_epoch_2(path):
        if saver.system.epoch_idx == 2:
            save_weights(path)  # the whole file is written, then the disk "fails" before it is complete
            raise DiskFull("no space left on device")
        save_weights(path)

    monkeypatch.setattr(model, "save_weights", fail_at_epoch_2)
    recorder = Recorder(mode="train")
    with pytest.raises(DiskFull):
        estimator(blobs, [saver, recorder], epochs=3, model=model).fit()
    assert os.listdir(tmp_path) == [f"{model.name}_epoch_1.weights.h5"]  # epoch 1's file kept, no partial file
    fresh = fe.build(dense_model, "adam", weights_path=saver.path(1))
    (epoch_1,) = recorder.weights  # the weights at epoch 1's end (the network's are the model's)
    assert len(fresh.get_weights()) == len(epoch_1)
    for saved, expected in zip(fresh.get_weights(), epoch_1):
        np.testing.assert_array_equal(saved, expected)


def test_weights_name_and_save_architecture_write_loadable_whole_models(blobs, tmp_path):
    model = fe.build(dense_model, "adam")
    saver = ModelSaver(model, save_dir=str(tmp_path), max_to_keep=1, weights_name="mine", save_architecture=True)
    estimator(blobs, [saver], epochs=2, model=model).fit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine_epoch_2.keras", "mine_epoch_2.weights.h5"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Keras's note on the optimizer's variables not yet built in the copy
        whole = keras.saving.load_model(tmp_path / "mine_epoch_2.keras")
    assert [layer.__class__ for layer in whole.layers] == [layer.__class__ for layer in model.layers]
    for saved, expected in zip(whole.get_weights(), model.get_weights()):
        np.testing.assert_allclose(saved, expected)


@pytest.mark.parametrize("weights_name", ["", 3])
def test_a_weights_name_that_is_not_a_non_empty_str_is_refused(weights_name):
    with pytest.raises(ConfigError) as error:
        ModelSaver(fe.build(dense_model, "adam"), "ckpt", weights_name=weights_name)
    assert str(error.value) == ("ModelSaver: weights_name must be None (use the model's name) or a non-empty str "
                                f"(the file name's prefix); got {weights_name!r}")
