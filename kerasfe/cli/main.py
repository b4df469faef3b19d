"""The `kerasfe` command line: sub-commands train, test and logs.

Nothing here imports Keras (or any kerasfe training module) at import time: `--help` and `logs` answer at
once, and `--backend` can still choose the backend Keras starts with.
"""
import argparse
import contextlib
import os
import subprocess
import sys

BACKENDS = ("tensorflow", "jax", "torch")
OWN_OPTIONS = {"train": ("backend", "weights_dir", "nproc"), "test": ("backend", "load_weights")}


def main(argv=None):
    """Entry point of the `kerasfe` command (and of `python -m kerasfe.cli`). `--backend` sets KERAS_BACKEND
    before Keras is first imported; only when Keras is already loaded with another backend does the command run
    again in a new process."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in OWN_OPTIONS:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "backend", None) and not select_backend(args.backend):
        env = dict(os.environ, KERAS_BACKEND=args.backend)
        sys.exit(subprocess.run([sys.executable, "-m", "kerasfe.cli", *argv], env=env).returncode)
    args.argv = argv
    args.run(args, extra)


def build_parser():
    """The argument parser of the `kerasfe` command; unknown `--name value` pairs of train / test are left
    for the app's `get_estimator`.

    Example:
        >>> args, extra = build_parser().parse_known_args(["train", "app.py", "--backend", "jax", "--epochs", "2",
        ...                                                "--save_dir", "runs"])
        >>> args.command, args.entry_point, args.backend, args.weights_dir, args.nproc, extra
        ('train', 'app.py', 'jax', None, None, ['--epochs', '2', '--save_dir', 'runs'])
    """
    parser = argparse.ArgumentParser(prog="kerasfe", description="Train, test and inspect kerasfe applications.",
                                     allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("train", "build the app's estimator, run estimator.fit(), then estimator.test() "
                                      "when the app has test data"),
                            ("test", "build the app's estimator and run estimator.test()")):
        command = commands.add_parser(
            name, help=help_text, allow_abbrev=False,
            description=f"{help_text[0].upper()}{help_text[1:]}. Every other --name value pair (--save_dir "
                        "included) is passed to the app's get_estimator(name=value), converted to the type of "
                        "that parameter's default.")
        command.add_argument("entry_point", help="a python script that defines get_estimator(...)")
        command.add_argument("--backend", choices=BACKENDS, help="the Keras backend (sets KERAS_BACKEND)")
        if name == "train":
            command.add_argument("--weights_dir", help="after training, also save each model's final weights to "
                                                       "WEIGHTS_DIR/<model name>.weights.h5")
            command.add_argument("--nproc", type=process_count, metavar="N",
                                 help="train data-parallel in N processes on this host (each calls "
                                      "fe.distribute.data_parallel() before get_estimator; batch_size stays the "
                                      "global batch); if one fails the others are stopped")
        else:
            command.add_argument("--load_weights", metavar="DIR",
                                 help="before testing, load each model's weights from DIR: the best ones the "
                                      "app's BestModelSaver kept there (<model>_best_<metric>.weights.h5), else "
                                      "<model>.weights.h5 (from train --weights_dir)")
        command.set_defaults(run=_run_app)
    logs = commands.add_parser("logs", help="plot the values logged by kerasfe runs", allow_abbrev=False,
                               description="Plot every numeric key of the FastEstimator-Train/Eval/Test lines of "
                                           "log files against the step, one curve per file and mode.")
    logs.add_argument("paths", nargs="+", help="log files, or folders holding them")
    logs.add_argument("--extension", default=".txt", help="the extension of log files in folders (default .txt)")
    logs.add_argument("--recursive", action="store_true", help="search folders recursively")
    logs.add_argument("--include", nargs="+", help="plot only these keys")
    logs.add_argument("--ignore", nargs="+", default=(), help="do not plot these keys")
    logs.add_argument("--output", default="logs.png", help="the image to write (default logs.png)")
    logs.set_defaults(run=_run_logs)
    return parser


def process_count(text):
    """The value of `--nproc`: an int >= 1.

    Example:
        >>> process_count("2")
        2
    """
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes >= 1, got '{text}'")
    return int(text)


def without_option(argv, name):
    """`argv` without the option `name` and its value (`--name value` or `--name=value`).

    Example:
        >>> without_option(["train", "app.py", "--nproc", "2", "--epochs", "3", "--nproc=4"], "--nproc")
        ['train', 'app.py', '--epochs', '3']
    """
    kept, skip = [], False
    for token in argv:
        if skip or token.startswith(name + "="):
            skip = False
        elif token == name:
            skip = True
        else:
            kept.append(token)
    return kept


def select_backend(backend):
    """Makes `backend` the Keras backend of this process: sets KERAS_BACKEND if Keras is not imported yet.
    Returns False when Keras is already loaded with another backend (it fixes its backend when first imported),
    so only a new process can run `backend`.

    Example:
        >>> import keras
        >>> select_backend(keras.backend.backend())
        True
    """
    keras = sys.modules.get("keras")
    if keras is None:
        os.environ["KERAS_BACKEND"] = backend
        return True
    return keras.backend.backend() == backend


@contextlib.contextmanager
def usage_errors(prog="kerasfe", kinds=()):
    """Turns the errors a user's command line causes (kerasfe's own errors, plus `kinds`) into one line
    `prog: error: message` on stderr and exit status 2, as argparse reports its own usage errors.

    Example:
        >>> from kerasfe.errors import ConfigError
        >>> with usage_errors():
        ...     raise ConfigError("get_estimator has no parameter 'epoch'")
        Traceback (most recent call last):
        ...
        SystemExit: 2
    """
    from kerasfe.errors import KerasfeError
    try:
        yield
    except (KerasfeError, *kinds) as error:
        print(f"{prog}: error: {error}", file=sys.stderr, flush=True)
        sys.exit(2)


def _run_app(args, extra):
    if getattr(args, "nproc", None):
        _launch(args)
        return
    from kerasfe.cli.app import prepare_app, run_estimator
    with usage_errors():
        estimator = prepare_app(args.command, args.entry_point, extra, load_weights=getattr(args, "load_weights", None),
                                reserved=OWN_OPTIONS[args.command])
    run_estimator(args.command, estimator, weights_dir=getattr(args, "weights_dir", None))


def _launch(args):
    """`kerasfe train --nproc N ...`: the same command without --nproc in N processes (`kerasfe.distribute.launch`);
    a failed process ends the command with one line naming its rank and exit status 1."""
    from kerasfe.distribute.launch import LaunchError, launch
    command = [sys.executable, "-m", "kerasfe.cli", *without_option(args.argv, "--nproc")]
    try:
        launch(command, args.nproc, backend=args.backend)
    except LaunchError as error:
        print(f"kerasfe train: error: {error}", file=sys.stderr, flush=True)
        sys.exit(1)


def _run_logs(args, extra):
    from kerasfe.summary.logs import list_files, parse_log_file, visualize_logs
    with usage_errors(kinds=(OSError, ValueError)):
        files = []
        for path in args.paths:
            if not os.path.exists(path):
                raise FileNotFoundError(f"no file or folder '{path}'")
            files += list_files(path, args.extension, args.recursive) if os.path.isdir(path) else [path]
        if not files:
            raise FileNotFoundError(f"no '{args.extension}' files in {args.paths}")
        runs = [parse_log_file(path, args.extension) for path in files]
        names = [run.name for run in runs]
        for run, path in zip(runs, files):
            run.name = run.name if names.count(run.name) == 1 else str(path)
        visualize_logs(runs, save_path=args.output, include_metrics=args.include, ignore_metrics=args.ignore,
                       verbose=False)
    print(f"kerasfe logs: wrote {args.output}")


if __name__ == "__main__":
    main()
