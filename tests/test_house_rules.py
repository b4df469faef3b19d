"""The rules of the house that the source itself can show: where backends and Keras internals are used."""
import ast
import json
import pathlib
import subprocess
import sys

import kerasfe

ROOT = pathlib.Path(kerasfe.__file__).parent
SHIM = ROOT / "backend" / "keras_internals.py"
TF_DATA_ENGINE = ROOT / "pipeline" / "engines" / "tf_data.py"


def _sources():
    return {path: ast.parse(path.read_text()) for path in sorted(ROOT.rglob("*.py"))}


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_backends_are_imported_only_by_the_backend_package_and_the_tf_data_engine():
    offenders = sorted(str(path.relative_to(ROOT)) for path, tree in _sources().items()
                       if "backend" not in path.relative_to(ROOT).parts and path != TF_DATA_ENGINE
                       and any(name.split(".")[0] in ("tensorflow", "torch", "jax") for name in _imported_modules(tree)))
    assert offenders == []


def test_keras_internals_are_reached_only_through_the_shim():
    offenders = []
    for path, tree in _sources().items():
        if path == SHIM:
            continue
        offenders += [f"{path.relative_to(ROOT)}: import {name}" for name in _imported_modules(tree)
                      if name == "keras.src" or name.startswith("keras.src.")]
        offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                      and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))]
    assert offenders == []


def test_no_module_outside_the_shim_holds_a_keras_src_module_once_imported():
    script = """
import importlib, json, pkgutil, types, kerasfe
found = {}
for info in pkgutil.walk_packages(kerasfe.__path__, "kerasfe."):
    if info.name.endswith("__main__") or (info.name.startswith("kerasfe.backend.") and info.name.endswith("_backend")):
        continue  # a command's entry point runs it; each step module imports its own backend library
    module = importlib.import_module(info.name)
    held = sorted(name for name, value in vars(module).items()
                  if isinstance(value, types.ModuleType) and value.__name__.startswith("keras.src"))
    if held and info.name != "kerasfe.backend.keras_internals":
        found[info.name] = held
print(json.dumps(found))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {}
