"""What importing kerasfe costs: no backend but the one KERAS_BACKEND selects (beyond what Keras itself loads),
no Keras at all for a bare `import kerasfe`, and no network request."""
import json
import os
import pathlib
import subprocess
import sys

import keras

ROOT = pathlib.Path(__file__).parents[1]
BACKEND_MODULES = ("jax", "tensorflow", "torch")
IMPORT_EVERY_PACKAGE = """
import importlib, json, pkgutil, sys
def loaded():
    return sorted(name for name in {BACKEND_MODULES} if name in sys.modules)
import keras
with_keras = loaded()
import kerasfe as fe
packages = [info.name for info in pkgutil.walk_packages(fe.__path__, "kerasfe.") if info.ispkg]
for package in packages:
    importlib.import_module(package)
public = [fe.Pipeline, fe.Network, fe.Estimator, fe.build, fe.Data]
print(json.dumps({{"keras": with_keras, "kerasfe": loaded(), "packages": packages}}))
""".format(BACKEND_MODULES=BACKEND_MODULES)


def run_python(code, backend=None):
    """Runs `code` in a new interpreter on `backend` (default: this one's), with this checkout first on the path;
    returns its stdout."""
    env = dict(os.environ, KERAS_BACKEND=backend or keras.backend.backend(), TF_CPP_MIN_LOG_LEVEL="3",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_kerasfe_loads_no_backend_beyond_the_ones_keras_loads():
    backend = keras.backend.backend()
    loaded = json.loads(run_python(IMPORT_EVERY_PACKAGE).splitlines()[-1])
    assert backend in loaded["keras"]
    assert loaded["kerasfe"] == loaded["keras"], f"kerasfe adds {set(loaded['kerasfe']) - set(loaded['keras'])}"
    assert {"kerasfe.op.numpyop", "kerasfe.pipeline", "kerasfe.trace", "kerasfe.trace.io"} <= set(loaded["packages"])


def test_bare_import_loads_no_keras_and_the_ops_ask_no_server():
    """`import kerasfe` is instant (its names load on first use); importing the albumentations-based ops makes
    no network request (albumentations' update check is off) and loads torch only as the torch backend of Keras."""
    code = ("import sys, urllib.request\n"
            "urllib.request.OpenerDirector.open = lambda *args, **kwargs: sys.exit('network request')\n"
            "import kerasfe\n"
            "print('keras' in sys.modules, 'albumentations' in sys.modules)\n"
            "from kerasfe.op.numpyop import HorizontalFlip\n"
            "print('albumentations' in sys.modules, 'keras' in sys.modules, 'torch' in sys.modules)")
    bare, ops = run_python(code).splitlines()
    assert bare == "False False"
    albumentations, keras_loaded, torch_loaded = ops.split()
    assert albumentations == "True"
    assert torch_loaded == str(keras_loaded == "True" and keras.backend.backend() == "torch")
