"""The `kerasfe` command line: sub-commands train, test and logs."""
import argparse
import os
import subprocess
import sys

BACKENDS = ("tensorflow", "jax", "torch")


def main(argv=None):
    """Entry point of the `kerasfe` command (and of `python -m kerasfe.cli`). With `--backend` and Keras
    already loaded with another backend, the command runs again in a new process with KERAS_BACKEND set."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args, extra = build_parser().parse_known_args(argv)
    if getattr(args, "backend", None) and _needs_restart(args.backend):
        env = dict(os.environ, KERAS_BACKEND=args.backend)
        sys.exit(subprocess.run([sys.executable, "-m", "kerasfe.cli", *argv], env=env).returncode)
    args.run(args, extra)


def build_parser():
    """The argument parser of the `kerasfe` command; unknown `--name value` pairs of train / test are left
    for the app's `get_estimator`.

    Example:
        >>> args, extra = build_parser().parse_known_args(["train", "app.py", "--backend", "jax", "--epochs", "2"])
        >>> args.command, args.entry_point, args.backend, extra
        ('train', 'app.py', 'jax', ['--epochs', '2'])
    """
    parser = argparse.ArgumentParser(prog="kerasfe", description="Train, test and inspect kerasfe applications.",
                                     allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("train", "build the app's estimator and run estimator.fit()"),
                            ("test", "build the app's estimator and run estimator.test()")):
        command = commands.add_parser(
            name, help=help_text, allow_abbrev=False,
            description=f"{help_text[0].upper()}{help_text[1:]}. Every other --name value pair is passed to the "
                        "app's get_estimator(name=value), converted to the type of that parameter's default.")
        command.add_argument("entry_point", help="a python script that defines get_estimator(...)")
        command.add_argument("--backend", choices=BACKENDS, help="the Keras backend (sets KERAS_BACKEND)")
        if name == "train":
            command.add_argument("--save_dir", help="after training, save each model's weights to "
                                                    "SAVE_DIR/<model name>.weights.h5")
        else:
            command.add_argument("--load_dir", help="before testing, load each model's weights from "
                                                    "LOAD_DIR/<model name>.weights.h5")
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


def _needs_restart(backend):
    """Keras fixes its backend when first imported: if it is already loaded with another one, the
    command has to start again in a new process with KERAS_BACKEND set."""
    keras = sys.modules.get("keras")
    if keras is None:
        os.environ["KERAS_BACKEND"] = backend
        return False
    return keras.backend.backend() != backend


def _run_app(args, extra):
    from kerasfe.cli.app import run_app
    run_app(args.command, args.entry_point, extra, save_dir=getattr(args, "save_dir", None),
            load_dir=getattr(args, "load_dir", None))


def _run_logs(args, extra):
    from kerasfe.cli.logs import plot_log_files
    if extra:
        raise SystemExit(f"kerasfe logs: unknown arguments {extra}")
    plot_log_files(args.paths, args.output, extension=args.extension, recursive=args.recursive,
                   include=args.include, ignore=args.ignore)
    print(f"kerasfe logs: wrote {args.output}")


if __name__ == "__main__":
    main()
