"""The documentation site builds with `mkdocs build --strict`: no warning (a broken link, an API name mkdocstrings
cannot find, a docstring it misreads) passes."""
import os
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]

pytest.importorskip("mkdocs", reason="the docs extra is not installed (pip install -e '.[docs]')")
pytest.importorskip("mkdocstrings_handlers.python", reason="the docs extra is not installed (pip install -e '.[docs]')")


@pytest.mark.skipif(os.environ.get("KERAS_BACKEND", "tensorflow") != "tensorflow",
                    reason="the site does not depend on the backend: built once, in the TensorFlow pass")
def test_mkdocs_build_strict(tmp_path):
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=REPO,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-4000:]
    assert (site / "index.html").is_file() and (site / "api" / "kerasfe" / "index.html").is_file()
