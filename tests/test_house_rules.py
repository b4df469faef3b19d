"""The rules of the house that the source itself can show: where backends and Keras internals are used, that
tests use only public members, and that the tests mirror the package layout."""
import ast
import json
import pathlib
import subprocess
import sys

import kerasfe

ROOT = pathlib.Path(kerasfe.__file__).parent
SHIM = ROOT / "backend" / "keras_internals.py"
TF_DATA_ENGINE = ROOT / "pipeline" / "engines" / "tf_data.py"
TESTS = pathlib.Path(__file__).parent
# Test files that test no one kerasfe module, and why:
UNMIRRORED = {
    TESTS / "apphub": "the example applications, whose scripts live in apphub/, outside the kerasfe package",
    TESTS / "docs": "the documentation (docs/, README.md, mkdocs.yml), outside the kerasfe package",
    TESTS / "test_house_rules.py": "rules over the whole source tree",
    TESTS / "test_misuse_table.py": "every misuse case over the whole API (ops, losses, traces, pipeline, "
                                    "estimator), in one table",
    TESTS / "test_imports.py": "what importing kerasfe and each of its subpackages loads, over the whole package",
    TESTS / "trace" / "test_keras_callbacks.py": "every keras.callbacks class through both bridges "
                                                 "(keras_bridge and keras_callback_trace), in one table",
}


def _sources(root=ROOT):
    return {path: ast.parse(path.read_text()) for path in sorted(root.rglob("*.py"))}


def _private_attributes(tree):
    """`x._name` attribute accesses on anything but self / cls (dunders allowed)."""
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))]


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
        offenders += [f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}"
                      for node in _private_attributes(tree)]
    assert offenders == []


def test_tests_reach_no_private_member():
    offenders = [f"{path.relative_to(TESTS)}:{node.lineno}: {ast.unparse(node)}"
                 for path, tree in _sources(TESTS).items() for node in _private_attributes(tree)]
    assert offenders == []


def _tested_module(test_file):
    """What tests/<package path>/test_<name>.py tests: kerasfe/<package path>/<name>.py, the package
    kerasfe/<package path>/<name>/, or, when <name> is the folder's own name, the package of that folder.
    A file for one aspect of a module may add it to the name: test_<name>_<aspect>.py."""
    folder = ROOT.joinpath(*test_file.relative_to(TESTS).parent.parts)
    parts = test_file.stem.removeprefix("test_").split("_")
    for end in range(len(parts), 0, -1):
        name = "_".join(parts[:end])
        candidates = [folder / f"{name}.py", folder / name / "__init__.py"]
        if folder != ROOT and name == folder.name:
            candidates.append(folder / "__init__.py")
        found = next((path for path in candidates if path.is_file()), None)
        if found is not None:
            return found
    return None


def test_test_files_mirror_the_package_layout():
    test_files = [path for path in sorted(TESTS.rglob("test_*.py"))
                  if not any(path == skipped or skipped in path.parents for skipped in UNMIRRORED)]
    assert len(test_files) > 50 and all(path.exists() for path in UNMIRRORED)
    assert [str(path.relative_to(TESTS)) for path in test_files if _tested_module(path) is None] == []


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
