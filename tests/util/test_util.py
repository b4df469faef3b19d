import gzip
import os

import keras
import numpy as np
import pytest

from kerasfe.errors import DataError
from kerasfe.util import (Suppressor, Timer, cpu_count, detach_tensors, get_batch_size, get_num_devices, is_valid_file,
                          pad_batch, parse_string_to_python, to_number)


def test_suppressor_silences_python_and_native_output_and_replays_it_on_an_error(capfd):
    with Suppressor():
        print("python")
        os.write(1, b"native\n")
        os.write(2, b"native err\n")
    with pytest.raises(RuntimeError):
        with Suppressor(show_if_exception=True):
            print("kept")
            raise RuntimeError("boom")
    with Suppressor(allow_pyprint=True):
        print("allowed")
    out, err = capfd.readouterr()
    assert "python" not in out and "native" not in out + err
    assert "kept" in out and "allowed" in out


def test_timer_padding_and_conversions(capsys):
    @Timer("step")
    def work():
        return 1

    work()
    assert capsys.readouterr().out.startswith("step took ")
    batch = [{"x": np.ones((1, 2)), "y": 1}, {"x": np.ones((2, 1)), "y": 2}]
    pad_batch(batch, pad_value=-1)
    assert [sample["x"].tolist() for sample in batch] == [[[1, 1], [-1, -1]], [[1, -1], [1, -1]]]
    with pytest.raises(DataError, match="same keys"):
        pad_batch([{"x": np.ones(1)}, {"z": np.ones(1)}], 0)
    assert get_batch_size({"x": keras.ops.ones((3, 2)), "n": "a"}) == 3
    with pytest.raises(DataError, match="disagree"):
        get_batch_size({"x": np.ones(2), "y": np.ones(3)})
    assert to_number(keras.ops.ones((2,))).tolist() == [1.0, 1.0] and to_number(2).item() == 2
    detached = detach_tensors([keras.ops.ones((1,)), "s"])
    assert keras.ops.is_tensor(detached[0]) and detached[1] == "s"
    assert parse_string_to_python("(1, 'a')") == (1, "a") and parse_string_to_python("") == ""
    assert cpu_count(limit=1) == 1 and os.environ["OMP_NUM_THREADS"] == "1"
    os.environ["OMP_NUM_THREADS"] = str(cpu_count())
    assert get_num_devices() >= 1


def test_is_valid_file_detects_truncated_archives(tmp_path):
    good, bad = tmp_path / "a.gz", tmp_path / "b.gz"
    good.write_bytes(gzip.compress(b"x" * 100))
    bad.write_bytes(gzip.compress(b"x" * 100)[:10])
    assert is_valid_file(str(good)) and not is_valid_file(str(bad)) and not is_valid_file(str(tmp_path / "c"))
