import os
import re
import stat

import keras
import numpy as np
import pytest

from kerasfe.atomic_file import TEMP_PREFIX, atomic_open, atomic_path, save_atomically, temp_name
from kerasfe.errors import ConfigError


class WriterFailed(Exception):
    pass


def test_old_file_is_intact_when_the_file_writer_raises_mid_write(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("old,complete\n")
    with pytest.raises(WriterFailed):
        with atomic_open(path, "w") as file:
            file.write("new,half")
            file.flush()
            raise WriterFailed
    assert path.read_text() == "old,complete\n"
    assert os.listdir(tmp_path) == ["log.csv"]


def test_old_file_is_intact_when_a_path_writer_raises_mid_write(tmp_path):
    path = tmp_path / "net.weights.h5"
    path.write_bytes(b"old weights")

    def save_half(name):
        with open(name, "wb") as file:
            file.write(b"new wei")
        raise WriterFailed

    with pytest.raises(WriterFailed):
        save_atomically(save_half, path)
    assert path.read_bytes() == b"old weights"
    assert os.listdir(tmp_path) == ["net.weights.h5"]


def test_the_temporary_file_is_beside_the_target_and_keeps_its_suffixes(tmp_path):
    with atomic_path(tmp_path / "net.weights.h5") as temp:
        assert os.path.dirname(temp) == str(tmp_path)
        assert os.path.basename(temp).startswith(TEMP_PREFIX) and temp.endswith("-net.weights.h5")
        assert not os.path.exists(tmp_path / "net.weights.h5")
        open(temp, "wb").close()
    assert os.listdir(tmp_path) == ["net.weights.h5"]
    assert temp_name(tmp_path / "x.png") != temp_name(tmp_path / "x.png")


def test_keras_weights_saved_atomically_load_back(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    path = tmp_path / "net.weights.h5"
    for _ in range(2):  # the second save replaces the first
        model.set_weights([np.random.default_rng(len(os.listdir(tmp_path))).normal(size=w.shape) for w in model.weights])
        save_atomically(model.save_weights, path)
    fresh = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    fresh.load_weights(path)
    for loaded, saved in zip(fresh.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(loaded, saved)
    assert os.listdir(tmp_path) == ["net.weights.h5"]


def test_the_file_is_fsynced_before_the_rename_and_the_folder_after(tmp_path, monkeypatch):
    events = []
    fsync, replace = os.fsync, os.replace

    def recording_fsync(descriptor):
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "fsync file")
        fsync(descriptor)

    def recording_replace(source, target):
        events.append(f"replace {os.path.basename(target)}")
        replace(source, target)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "replace", recording_replace)
    with atomic_open(tmp_path / "a.txt", "w") as file:
        file.write("x")
    assert events == ["fsync file", "replace a.txt", "fsync folder"]


@pytest.mark.parametrize("mode", ["a", "r", "r+b"])
def test_atomic_open_refuses_modes_that_do_not_write_a_whole_file(tmp_path, mode):
    with pytest.raises(ConfigError, match=f"mode must start with 'w'.*got '{re.escape(mode)}'"):
        with atomic_open(tmp_path / "a.txt", mode):
            pass
    assert os.listdir(tmp_path) == []
