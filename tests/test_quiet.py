"""kerasfe.quiet: TensorFlow's C++ start-up lines below TF_CPP_MIN_LOG_LEVEL leave stderr; everything else stays."""
import logging
import os
import sys

import pytest

from kerasfe.quiet import (ABSL_PRE_INIT_WARNING, QuietImportFinder, native_noise_filtered,
                           quiet_tensorflow_startup)

INFO = b"I0000 00:00:1796164138.379078   15534 port.cc:153] oneDNN custom operations are on.\n"
WARNING = b"W0000 00:00:1796164138.379078   15534 rendezvous.cc:40] Local rendezvous is aborting\n"
ERROR = b"E0000 00:00:1796164138.379078   15534 cuda_dnn.cc:8] Could not load cuDNN\n"
PLAIN = b"a line of a C++ library that is not in absl's format\n"


@pytest.mark.parametrize("level, kept", [
    ("0", ABSL_PRE_INIT_WARNING + b"\n" + INFO + WARNING + ERROR + PLAIN),
    ("1", WARNING + ERROR + PLAIN),
    ("2", ERROR + PLAIN),
    ("3", PLAIN),
    ("not a level", ABSL_PRE_INIT_WARNING + b"\n" + INFO + WARNING + ERROR + PLAIN),
])
def test_only_the_lines_below_the_tf_log_level_leave_stderr_in_order(level, kept, monkeypatch, capfd):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", level)
    with native_noise_filtered():
        for line in (ABSL_PRE_INIT_WARNING + b"\n", INFO, WARNING, ERROR, PLAIN):
            os.write(2, line)
    assert capfd.readouterr().err == kept.decode()


def test_python_writes_to_stderr_inside_the_block_keep_their_place(monkeypatch, capfd):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    with native_noise_filtered():
        print("before", file=sys.stderr)
        os.write(2, INFO)
        print("after", file=sys.stderr)
    assert capfd.readouterr().err == "before\nafter\n"


def test_an_error_raised_inside_the_block_still_shows_what_was_written(monkeypatch, capfd):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    with pytest.raises(RuntimeError, match="import failed"), native_noise_filtered():
        os.write(2, INFO + ERROR)
        raise RuntimeError("import failed")
    assert capfd.readouterr().err == ERROR.decode()


def test_the_finder_filters_the_first_import_of_its_module_and_leaves_it_its_loader(tmp_path, monkeypatch, capfd):
    (tmp_path / "noisy_native_library.py").write_text(
        f"import os\nos.write(2, {INFO!r})\nos.write(2, {ERROR!r})\nVALUE = 7\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    monkeypatch.setattr(sys, "meta_path", [QuietImportFinder("noisy_native_library"), *sys.meta_path])
    monkeypatch.delitem(sys.modules, "noisy_native_library", raising=False)
    import noisy_native_library
    assert noisy_native_library.VALUE == 7
    assert type(noisy_native_library.__loader__).__name__ == "SourceFileLoader"
    assert noisy_native_library.__spec__.loader is noisy_native_library.__loader__
    assert capfd.readouterr().err == ERROR.decode()


def test_a_tf_log_level_the_user_set_is_kept_and_one_finder_is_installed(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    quiet_tensorflow_startup()
    quiet_tensorflow_startup()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "0"
    finders = [finder for finder in sys.meta_path if isinstance(finder, QuietImportFinder)]
    assert len(finders) == ("tensorflow" not in sys.modules)


def test_without_a_tf_log_level_errors_only_is_the_default(monkeypatch):
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    quiet_tensorflow_startup()
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "2"


def test_known_library_noise_is_dropped_and_other_warnings_kept(caplog):
    quiet_tensorflow_startup()
    absl, tensorflow = logging.getLogger("absl"), logging.getLogger("tensorflow")
    with caplog.at_level(logging.WARNING):
        absl.warning("Failed to load jax profiler: %s", "No module named 'jax'")
        absl.warning("disk full")
        tensorflow.warning("5 out of the last 10 calls to <function f> triggered tf.function retracing. Tracing is")
        tensorflow.warning("out of memory")
    assert [record.getMessage() for record in caplog.records] == ["disk full", "out of memory"]
