"""Every ```python block of docs/**/*.md and README.md runs, in page order, in one namespace per page, on the
backend under test. A block whose fence follows the line `<!-- illustration -->` is an illustration only (a
multi-process launch, a download) and is skipped; its page says so in its text."""
import os
import pathlib
import re
import traceback

import keras
import pytest

from kerasfe.backend.random_state import deterministic_ops_state
from kerasfe.reproducibility import Deterministic, default_pipeline_seed

REPO = pathlib.Path(__file__).resolve().parents[2]
PAGES = sorted([*REPO.joinpath("docs").rglob("*.md"), REPO / "README.md"])
ILLUSTRATION = "<!-- illustration -->"
FENCE = re.compile(r"^(`{3,})\s*(\w*)")


def python_blocks(text):
    """The page's ```python blocks to run, as (line number of the block's first code line, code), in page order.
    Blocks right after an `<!-- illustration -->` line are left out."""
    lines, blocks, index = text.splitlines(), [], 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match is None:
            index += 1
            continue
        end = next((i for i in range(index + 1, len(lines)) if lines[i].strip() == match.group(1)), len(lines))
        illustration = index > 0 and lines[index - 1].strip() == ILLUSTRATION
        if match.group(2) == "python" and not illustration:
            blocks.append((index + 2, "\n".join(lines[index + 1:end])))
        index = end + 1
    return blocks


def test_python_blocks_reads_fences_in_order_and_skips_illustrations():
    page = "text\n```python\na = 1\n```\n<!-- illustration -->\n```python\nlaunch()\n```\n```bash\nls\n```\n" \
           "```python\nb = a\n```\n"
    assert python_blocks(page) == [(3, "a = 1"), (13, "b = a")]


def _pages_with_code():
    """The pages that have at least one python block to run (the others have nothing to test)."""
    return [page for page in PAGES if python_blocks(page.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _pages_with_code(), ids=lambda page: str(page.relative_to(REPO)))
def test_page_code_blocks_run(page, tmp_path, monkeypatch):
    blocks = python_blocks(page.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    name = str(page.relative_to(REPO))
    namespace = {"__name__": "__main__"}
    # a page may switch on deterministic ops (fe.enable_deterministic) or a dtype policy: put them back afterwards
    settings = Deterministic(None, deterministic_ops_state(), default_pipeline_seed())
    policy = keras.config.dtype_policy()
    try:
        for line, code in python_blocks(page.read_text(encoding="utf-8")):
            # padded with empty lines, so the traceback's line numbers are the page's
            compiled = compile("\n" * (line - 1) + code, name, "exec")
            try:
                exec(compiled, namespace)
            except Exception:
                pytest.fail(f"{name}: the block starting at line {line} failed:\n{traceback.format_exc()}",
                            pytrace=False)
    finally:
        settings.restore()
        keras.config.set_dtype_policy(policy)
    assert os.getcwd() == str(tmp_path)
