"""`kerasfe train` / `kerasfe test`: import an application script, build its estimator from command-line
arguments, and run it as the script's own `__main__` does."""
import ast
import importlib.util
import inspect
import os
import pathlib
import sys

from kerasfe.atomic_file import make_folder, save_atomically
from kerasfe.errors import ConfigError

TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0")
LAUNCHED = "KERASFE_NUM_PROCESSES"  # set in the processes `kerasfe.distribute.launch` starts


def load_app(entry_point):
    """Imports the script `entry_point` as a module (its folder goes on sys.path, for its own imports)."""
    path = pathlib.Path(entry_point).resolve()
    if not path.is_file():
        raise ConfigError(f"no application script at '{entry_point}'")
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "get_estimator", None)):
        raise ConfigError(f"'{entry_point}' defines no get_estimator function")
    return module


def parse_app_arguments(tokens, function):
    """Turns `--name value` tokens into keyword arguments of `function`.

    A value becomes the type of the parameter's default (bool, int, float, str); without a typed default
    it is read as a Python literal (`3`, `0.5`, `True`, `None`, `[1, 2]`) and otherwise kept as text. A
    `--name` with no value is True; `--name=value` works too. A parameter without a default must be given.

    Example:
        >>> def get_estimator(epochs=2, lr=1e-3, name="run", augment=False, size=None):
        ...     pass
        >>> parse_app_arguments(["--epochs", "5", "--lr", "1", "--augment", "--size=[32, 32]", "--name", "7"],
        ...                     get_estimator)
        {'epochs': 5, 'lr': 1.0, 'augment': True, 'size': [32, 32], 'name': '7'}
    """
    parameters = inspect.signature(function).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
    arguments, index = {}, 0
    while index < len(tokens):
        token = tokens[index]
        if not token.startswith("--") or len(token) == 2:
            raise ConfigError(f"expected --name value pairs for {function.__name__}; got '{token}'")
        name, separator, value = token[2:].partition("=")
        if not separator:
            has_value = index + 1 < len(tokens) and not tokens[index + 1].startswith("--")
            value = tokens[index + 1] if has_value else True
            index += has_value
        index += 1
        if name not in parameters and not takes_any:
            raise ConfigError(f"{function.__name__} has no parameter '{name}'; it takes {list(parameters)}")
        default = parameters[name].default if name in parameters else inspect.Parameter.empty
        arguments[name] = value if value is True else _convert(name, value, default)
    missing = [name for name, parameter in parameters.items() if name not in arguments
               and parameter.default is inspect.Parameter.empty
               and parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)]
    if missing:
        raise ConfigError(f"{function.__name__} needs {' '.join(f'--{name} VALUE' for name in missing)}")
    return arguments


def _convert(name, text, default):
    try:
        if isinstance(default, bool):
            if text.lower() not in TRUE_WORDS + FALSE_WORDS:
                raise ValueError(text)
            return text.lower() in TRUE_WORDS
        if isinstance(default, (int, float, str)):
            return type(default)(text)
    except ValueError:
        raise ConfigError(f"--{name} expects a {type(default).__name__} (its default is {default!r}); "
                          f"got '{text}'") from None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def build_estimator(entry_point, tokens, reserved=()):
    """Imports `entry_point` and returns its `get_estimator(**arguments parsed from tokens)` (`call_get_estimator`)."""
    return call_get_estimator(load_app(entry_point).get_estimator, tokens, reserved)


def call_get_estimator(get_estimator, tokens, reserved=()):
    """`get_estimator(**arguments parsed from tokens)`. `reserved`: the options of the command itself, which
    `get_estimator` must not take as parameters (they would never reach it).

    Example:
        >>> def get_estimator(epochs=1, save_dir=None):
        ...     return f"{epochs} epochs, best weights in {save_dir}"
        >>> call_get_estimator(get_estimator, ["--epochs", "3", "--save_dir", "runs"], reserved=["weights_dir"])
        '3 epochs, best weights in runs'
    """
    clashes = [name for name in reserved if name in inspect.signature(get_estimator).parameters]
    if clashes:
        raise ConfigError(f"get_estimator's parameter(s) {clashes} have the names of kerasfe options "
                          f"{['--' + name for name in reserved]}; rename them")
    return get_estimator(**parse_app_arguments(tokens, get_estimator))


def prepare_app(command, entry_point, tokens, load_weights=None, reserved=()):
    """Everything `kerasfe train|test` does before running: import the app, build its estimator
    (`call_get_estimator`) and, given `load_weights` (a folder), load each model's weights from it
    (`load_network_weights`). In a process that `kerasfe train --nproc N` started, it first joins the others
    (`fe.distribute.data_parallel()`)."""
    if LAUNCHED in os.environ:
        from kerasfe import distribute
        distribute.data_parallel()
    get_estimator = load_app(entry_point).get_estimator
    import keras
    print(f"kerasfe {command}: {entry_point} on backend {keras.backend.backend()}", flush=True)
    estimator = call_get_estimator(get_estimator, tokens, reserved)
    if load_weights is not None:
        load_network_weights(estimator, load_weights)
    return estimator


def run_estimator(command, estimator, weights_dir=None):
    """`command` "train": `estimator.fit()`, save each model's weights to `weights_dir` if given, then
    `estimator.test()` when the pipeline has test data; "test": `estimator.test()`. Returns the estimator.

    Example:
        >>> class Estimator:
        ...     pipeline = type("Pipeline", (), {"modes": lambda self: ["train", "eval"]})()
        ...     def fit(self):
        ...         print("fit")
        ...     def test(self):
        ...         print("test")
        >>> _ = run_estimator("train", Estimator())  # no test data: no test
        fit
        >>> _ = run_estimator("test", Estimator())
        test
    """
    if command == "train":
        estimator.fit()
        if weights_dir is not None:
            save_network_weights(estimator.network, weights_dir)
        if "test" in estimator.pipeline.modes():
            estimator.test()
    else:
        estimator.test()
    return estimator


def run_app(command, entry_point, tokens, weights_dir=None, load_weights=None):
    """`kerasfe train|test entry_point tokens...` in this process: `prepare_app` then `run_estimator`. Returns
    the estimator."""
    return run_estimator(command, prepare_app(command, entry_point, tokens, load_weights), weights_dir)


def run_script(get_estimator, argv=None):
    """The `main` of an application script: `python app.py --name value ...` passes the same arguments as
    `kerasfe train app.py --name value ...` to `get_estimator`, then runs what `kerasfe train` runs
    (`run_estimator`). A wrong argument ends the script with one line `app.py: error: ...` and exit status 2.

    Example:
        >>> from types import SimpleNamespace
        >>> def get_estimator(epochs=1):
        ...     print("epochs", epochs)
        ...     return SimpleNamespace(pipeline=SimpleNamespace(modes=lambda: ["train", "test"]),
        ...                            fit=lambda: print("fit"), test=lambda: print("test"))
        >>> _ = run_script(get_estimator, ["--epochs", "3"])
        epochs 3
        fit
        test
    """
    from kerasfe.cli.main import usage_errors
    with usage_errors(os.path.basename(sys.argv[0])):
        estimator = get_estimator(**parse_app_arguments(sys.argv[1:] if argv is None else argv, get_estimator))
    return run_estimator("train", estimator)


def save_network_weights(network, directory):
    """Saves the weights of each model of `network` to `directory/<model name>.weights.h5` (each written to a
    temporary name in `directory`, synced to disk, then renamed).

    Example:
        >>> import keras, tempfile
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> save_network_weights(type("Network", (), {"models": [model]}), folder)
        >>> [path.name for path in folder.iterdir()]
        ['net.weights.h5']
    """
    directory = pathlib.Path(directory)
    make_folder(directory, "kerasfe train", "--weights_dir")
    for model in network.models:
        save_atomically(model.save_weights, directory / f"{model.name}.weights.h5")


def weights_file(estimator, model, directory):
    """The file of `directory` whose weights `kerasfe test --load_weights directory` loads into `model`: the best
    weights the app's `BestModelSaver` of `model` keeps (`<model>_best_<metric>.weights.h5`) when `directory`
    holds them, else `<model>.weights.h5` (what `kerasfe train --weights_dir` saves).

    Example:
        >>> import keras, tempfile
        >>> from kerasfe.trace.io import BestModelSaver
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)], name="net")
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> estimator = type("Estimator", (), {"traces": [BestModelSaver(model, "elsewhere", metric="accuracy")]})
        >>> _ = (folder / "net.weights.h5").write_bytes(b"")
        >>> weights_file(estimator, model, folder).name
        'net.weights.h5'
        >>> _ = (folder / "net_best_accuracy.weights.h5").write_bytes(b"")
        >>> weights_file(estimator, model, folder).name
        'net_best_accuracy.weights.h5'
    """
    from kerasfe.schedule import get_all_values
    from kerasfe.trace.io import BestModelSaver
    directory = pathlib.Path(directory)
    names = [os.path.basename(trace.path) for item in estimator.traces for trace in get_all_values(item)
             if isinstance(trace, BestModelSaver) and trace.model is model]
    for name in [*names, f"{model.name}.weights.h5"]:
        if (directory / name).is_file():
            return directory / name
    raise ConfigError(f"no weights for model '{model.name}' in '{directory}' (looked for "
                      f"{[*names, f'{model.name}.weights.h5']}); it has "
                      f"{sorted(p.name for p in directory.glob('*.weights.h5'))}")


def load_network_weights(estimator, directory):
    """Loads into each model of `estimator.network` the weights `weights_file` finds for it in `directory`
    (the optimizer state too, when the file has it)."""
    for model in estimator.network.models:
        path = weights_file(estimator, model, directory)
        if model.optimizer is not None and not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        model.load_weights(path)
