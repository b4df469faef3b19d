import importlib

import keras

from kerasfe import backend


def test_current_backend_module_matches_keras():
    assert backend.current().__name__ == f"kerasfe.backend.{keras.backend.backend()}_backend"
    for name in ("train_step", "test_step", "predict_step"):
        assert callable(getattr(backend.current(), name))


def test_library_imports_no_backend_outside_kerasfe_backend():
    import pathlib
    import re
    root = pathlib.Path(importlib.import_module("kerasfe").__file__).parent
    pattern = re.compile(r"^\s*(import|from)\s+(tensorflow|torch|jax)\b", re.MULTILINE)
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if "backend" not in path.relative_to(root).parts and pattern.search(path.read_text())]
    assert offenders == []
