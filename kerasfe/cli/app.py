"""`kerasfe train` / `kerasfe test`: import an application script, build its estimator from command-line
arguments, and run it."""
import ast
import importlib.util
import inspect
import pathlib
import sys

from kerasfe.errors import ConfigError

TRUE_WORDS, FALSE_WORDS = ("true", "yes", "1"), ("false", "no", "0")


def load_app(entry_point):
    """Imports the script `entry_point` as a module (its folder goes on sys.path, for its own imports)."""
    path = pathlib.Path(entry_point).resolve()
    if not path.is_file():
        raise ConfigError(f"kerasfe: no application script at '{entry_point}'")
    sys.path.insert(0, str(path.parent))
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "get_estimator", None)):
        raise ConfigError(f"kerasfe: '{entry_point}' defines no get_estimator function")
    return module


def parse_app_arguments(tokens, function):
    """Turns `--name value` tokens into keyword arguments of `function`.

    A value becomes the type of the parameter's default (bool, int, float, str); without a typed default
    it is read as a Python literal (`3`, `0.5`, `True`, `None`, `[1, 2]`) and otherwise kept as text. A
    `--name` with no value is True; `--name=value` works too.

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
            raise ConfigError(f"kerasfe: expected --name value pairs for {function.__name__}; got '{token}'")
        name, separator, value = token[2:].partition("=")
        if not separator:
            has_value = index + 1 < len(tokens) and not tokens[index + 1].startswith("--")
            value = tokens[index + 1] if has_value else True
            index += has_value
        index += 1
        if name not in parameters and not takes_any:
            raise ConfigError(f"kerasfe: {function.__name__} has no parameter '{name}'; it takes {list(parameters)}")
        default = parameters[name].default if name in parameters else inspect.Parameter.empty
        arguments[name] = value if value is True else _convert(name, value, default)
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
        raise ConfigError(f"kerasfe: --{name} expects a {type(default).__name__} (its default is {default!r}); "
                          f"got '{text}'") from None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def build_estimator(entry_point, tokens):
    """Imports `entry_point` and returns its `get_estimator(**arguments parsed from tokens)`."""
    get_estimator = load_app(entry_point).get_estimator
    return get_estimator(**parse_app_arguments(tokens, get_estimator))


def run_app(command, entry_point, tokens, save_dir=None, load_dir=None):
    """`command` "train": build the estimator, `fit()`, then save the weights to `save_dir` if given;
    "test": build it, load the weights from `load_dir` if given, then `test()`. Returns the estimator."""
    import keras
    print(f"kerasfe {command}: {entry_point} on backend {keras.backend.backend()}", flush=True)
    estimator = build_estimator(entry_point, tokens)
    if command == "train":
        estimator.fit()
        if save_dir is not None:
            save_weights(estimator.network, save_dir)
    else:
        if load_dir is not None:
            load_weights(estimator.network, load_dir)
        estimator.test()
    return estimator


def run_script(get_estimator, argv=None):
    """The `main` of an application script: `python app.py --name value ...` passes the same arguments as
    `kerasfe train app.py --name value ...` to `get_estimator`, then runs `fit()` and `test()`.

    Example:
        >>> def get_estimator(epochs=1):
        ...     print("epochs", epochs)
        ...     return type("Estimator", (), {"fit": lambda self: print("fit"), "test": lambda self: print("test")})()
        >>> _ = run_script(get_estimator, ["--epochs", "3"])
        epochs 3
        fit
        test
    """
    estimator = get_estimator(**parse_app_arguments(sys.argv[1:] if argv is None else argv, get_estimator))
    estimator.fit()
    estimator.test()
    return estimator


def save_weights(network, directory):
    """Saves the weights of each model of `network` to `directory/<model name>.weights.h5`."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    from kerasfe.atomic_file import save_atomically
    for model in network.models:
        save_atomically(model.save_weights, directory / f"{model.name}.weights.h5")


def load_weights(network, directory):
    """Loads the weights (and optimizer state) of each model of `network` from
    `directory/<model name>.weights.h5`."""
    directory = pathlib.Path(directory)
    for model in network.models:
        path = directory / f"{model.name}.weights.h5"
        if not path.is_file():
            raise ConfigError(f"kerasfe test: no weights for model '{model.name}' in '{directory}'; it has "
                              f"{sorted(p.name for p in directory.glob('*.weights.h5'))}")
        if model.optimizer is not None and not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        model.load_weights(path)
