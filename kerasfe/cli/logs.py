"""`kerasfe logs`: read the FastEstimator-format lines of log files and plot every logged key by step.

A log line looks like `FastEstimator-Train: step: 100; epoch: 1; ce: 0.12; steps/sec: 40.1`: a mode,
then `key: value` pairs separated by "; ". Numbers followed by a unit (`epoch_time: 1.5 sec`) count.
"""
import pathlib
import re

from kerasfe.atomic_file import save_atomically

LINE = re.compile(r"FastEstimator-(Train|Eval|Test):\s*(.*)")
NUMBER = re.compile(r"^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)(?:\s*[A-Za-z/%]+)?$")
AXES = ("step", "epoch")
LINE_STYLES = {"train": "-", "eval": "--", "test": ":"}


def parse_log_text(text):
    """The numbers of the FastEstimator-Train/Eval/Test lines of `text`: {mode: {key: {x: value}}}, where x
    is the line's step, or its epoch when it logs no step. Lines without either, and values that are not
    numbers, are skipped.

    Example:
        >>> parse_log_text("FastEstimator-Train: step: 10; epoch: 1; ce: 0.5; steps/sec: 40.1\\n"
        ...                "something else\\n"
        ...                "FastEstimator-Eval: step: 10; epoch: 1; ce: 0.25; accuracy: 0.9; epoch_time: 2 sec")
        {'train': {'ce': {10: 0.5}, 'steps/sec': {10: 40.1}}, 'eval': {'ce': {10: 0.25}, 'accuracy': {10: 0.9}, \
'epoch_time': {10: 2.0}}}
    """
    parsed = {}
    for line in text.splitlines():
        match = LINE.search(line)
        if not match:
            continue
        pairs = dict(pair.split(":", 1) for pair in match.group(2).split(";") if ":" in pair)
        values = {key.strip(): _number(value) for key, value in pairs.items()}
        axis = next((values[name] for name in AXES if values.get(name) is not None), None)
        if axis is None:
            continue
        axis = int(axis) if float(axis).is_integer() else axis
        mode = parsed.setdefault(match.group(1).lower(), {})
        for key, value in values.items():
            if key not in AXES and value is not None:
                mode.setdefault(key, {})[axis] = value
    return parsed


def parse_log_file(path):
    """`parse_log_text` of the file at `path`."""
    return parse_log_text(pathlib.Path(path).read_text(errors="replace"))


def _number(text):
    match = NUMBER.match(text.strip())
    return float(match.group(1)) if match else None


def find_log_files(paths, extension=".txt", recursive=False):
    """The files named in `paths`, plus the `extension` files inside the folders named there."""
    files = []
    for path in map(pathlib.Path, paths):
        if path.is_dir():
            files.extend(sorted(path.rglob(f"*{extension}") if recursive else path.glob(f"*{extension}")))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"no file or folder '{path}'")
    return files


def plot_logs(runs, output, include=None, ignore=()):
    """Draws one panel per key with a curve per run (colour) and mode (line style), and saves it to `output`.

    Args:
        runs: {run name: parsed log ({mode: {key: {x: value}}}, as `parse_log_text` returns)}.
        output: the image file to write (the format follows its extension, e.g. .png or .pdf).
        include: plot only these keys (default: every key).
        ignore: keys not to plot.

    Returns:
        The keys plotted, in panel order.
    """
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    keys = sorted({key for parsed in runs.values() for mode in parsed.values() for key in mode})
    keys = [key for key in keys if (include is None or key in include) and key not in ignore]
    if not keys:
        raise ValueError(f"nothing to plot from {sorted(runs)} (include={include}, ignore={ignore})")
    columns = min(3, len(keys))
    rows = -(-len(keys) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(5 * columns, 3.5 * rows), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for panel, key in zip(axes.flat, keys):
        for index, (name, parsed) in enumerate(runs.items()):
            for mode, values in parsed.items():
                if key in values:
                    points = sorted(values[key].items())
                    panel.plot([x for x, _ in points], [y for _, y in points], LINE_STYLES[mode],
                               color=colours[index % len(colours)], marker="o" if len(points) == 1 else None,
                               label=f"{name} {mode}" if len(runs) > 1 else mode)
        panel.set_title(key)
        panel.set_xlabel("step")
        panel.legend(fontsize="small")
    for panel in list(axes.flat)[len(keys):]:
        panel.set_visible(False)
    figure.tight_layout()
    save_atomically(figure.savefig, output)
    plt.close(figure)
    return keys


def plot_log_files(paths, output, extension=".txt", recursive=False, include=None, ignore=()):
    """Parses the log files found in `paths` (see `find_log_files`) and plots them together (`plot_logs`);
    each run is named after its file. Returns the keys plotted.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "run.txt").write_text("FastEstimator-Train: step: 1; ce: 2.0\\n"
        ...                                     "FastEstimator-Train: step: 2; ce: 1.0\\n")
        >>> plot_log_files([folder], folder / "logs.png"), (folder / "logs.png").is_file()
        (['ce'], True)
    """
    files = find_log_files(paths, extension, recursive)
    if not files:
        raise FileNotFoundError(f"no '{extension}' files in {list(map(str, paths))}")
    stems = [file.stem for file in files]
    names = [file.stem if stems.count(file.stem) == 1 else str(file) for file in files]
    return plot_logs({name: parse_log_file(file) for name, file in zip(names, files)}, output, include, ignore)
