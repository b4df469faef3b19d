"""Parse the FastEstimator-format lines of log files into Summaries (FastEstimator's `fe.summary.logs.log_parse`).

A log line looks like `FastEstimator-Train: step: 100; epoch: 1; ce: 0.12; steps/sec: 40.1`: a mode, then
`key: value` pairs separated by "; ". Numbers followed by a unit (`epoch_time: 1.5 sec`) count, and so do
`(low, value, high)` triples (a `ValWithError`, as averaged runs log them).
"""
import os
import pathlib
import re

from kerasfe.summary.logs.log_plot import visualize_logs
from kerasfe.summary.summary import Summary, ValWithError, average_summaries

LINE = re.compile(r"FastEstimator-(Train|Eval|Test|Finish):\s*(.*)")
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan"
VALUE = re.compile(rf"^({NUMBER})(?:\s*[A-Za-z/%]+)?$")
TRIPLE = re.compile(rf"^\(\s*({NUMBER}),\s*({NUMBER}),\s*({NUMBER})\s*\)$")
AXES = ("step", "epoch")


def parse_log_iter(source, sync):
    """Adds the values of the FastEstimator-Train/Eval/Test lines of `source` to the Summary `sync`:
    `history[mode][key][x] = value`, where x is the line's step, or its epoch when it logs no step; the epoch
    of each line is kept under "epoch" (so `sync.epoch_values` works). Lines without either, and values that
    are not numbers, are skipped. Returns `sync`.

    Args:
        source: lines of text (a file, a list of strings).
        sync: the Summary to add to.

    Example:
        >>> summary = parse_log_iter(["FastEstimator-Train: step: 10; epoch: 1; ce: 0.5; steps/sec: 40.1",
        ...                           "something else",
        ...                           "FastEstimator-Eval: step: 10; epoch: 1; ce: (0.2, 0.25, 0.3); time: 2 sec"],
        ...                          Summary("run"))
        >>> summary.history
        {'train': {'epoch': {10: 1}, 'ce': {10: 0.5}, 'steps/sec': {10: 40.1}}, 'eval': {'epoch': {10: 1}, \
'ce': {10: (0.2, 0.25, 0.3)}, 'time': {10: 2.0}}}
    """
    for line in source:
        match = LINE.search(line)
        if not match:
            continue
        pairs = [pair.split(":", 1) for pair in match.group(2).split(";") if ":" in pair]
        values = {key.strip(): _value(value) for key, value in pairs}
        axis = next((values[name] for name in AXES if isinstance(values.get(name), float)), None)
        if axis is None:
            continue
        mode = sync.history.setdefault("train" if match.group(1) == "Finish" else match.group(1).lower(), {})
        step = _integral(axis)
        for key, value in values.items():
            if key != "step" and value is not None:
                mode.setdefault(key, {})[step] = _integral(value) if key == "epoch" else value
    return sync


def parse_log_text(text):
    """The history ({mode: {key: {step: value}}}) of the FastEstimator lines of `text` (see `parse_log_iter`).

    Example:
        >>> parse_log_text("FastEstimator-Train: step: 3; ce: 0.5")
        {'train': {'ce': {3: 0.5}}}
    """
    return parse_log_iter(text.splitlines(), Summary()).history


def _value(text):
    text = text.strip()
    triple = TRIPLE.match(text)
    if triple:
        return ValWithError(*map(float, triple.groups()))
    match = VALUE.match(text)
    return float(match.group(1)) if match else None


def _integral(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def parse_log_file(file_path, file_extension=".txt"):
    """The Summary of the log file at `file_path`, named after the file without `file_extension`.

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "run1.txt"
        >>> _ = path.write_text("FastEstimator-Train: step: 1; epoch: 1; ce: 2.0\\n")
        >>> summary = parse_log_file(path, ".txt")
        >>> summary.name, summary.history["train"]["ce"]
        ('run1', {1: 2.0})
    """
    name = os.path.basename(str(file_path)).strip()
    if file_extension and name.endswith(file_extension):
        name = name[:-len(file_extension)]
    return parse_log_iter(pathlib.Path(file_path).read_text(errors="replace").splitlines(), Summary(name))


def list_files(root_dir, file_extension=None, recursive_search=True):
    """The files in the folder `root_dir` (sorted; hidden ones skipped) that end with `file_extension`
    (None: every file), in its sub-folders too when `recursive_search`.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("b.txt", "a.txt", "c.md", "sub/d.txt"):
        ...     (folder / name).parent.mkdir(exist_ok=True); _ = (folder / name).write_text("")
        >>> [pathlib.Path(path).name for path in list_files(folder, ".txt", recursive_search=False)]
        ['a.txt', 'b.txt']
    """
    root = pathlib.Path(root_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"no folder '{root_dir}'")
    found = root.rglob("*") if recursive_search else root.glob("*")
    return sorted(str(path) for path in found if path.is_file() and not path.name.startswith(".")
                  and (file_extension is None or path.name.endswith(file_extension)))


def parse_log_files(file_paths, log_extension=".txt", smooth_factor=0, save=False, save_path=None,
                    ignore_metrics=None, include_metrics=None, pretty_names=False, group_by=None):
    """Parses log files and plots them together (`visualize_logs`); returns the plotted experiments.

    Args:
        file_paths: the log files.
        log_extension: their extension (dropped from the experiment names).
        smooth_factor: the sigma of a gaussian smoothing of the curves (0: none).
        save: save the figure (True) or show it (False).
        save_path: where to save it (default: `parse_logs.png` next to the first file).
        ignore_metrics: keys not to plot.
        include_metrics: plot only these keys (None: every key).
        pretty_names: title the panels "My Loss" rather than "my_loss".
        group_by: a regular expression whose first group names the experiment a file belongs to: files of one
            group are averaged (`average_summaries`), e.g. `r"(.*)_[\\d]+\\.txt"` groups a_1.txt with a_2.txt.

    Raises:
        ValueError: no files, or a file name that `group_by` does not match.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> for index, ce in enumerate((1.0, 3.0)):
        ...     _ = (folder / f"a_{index}.txt").write_text(f"FastEstimator-Train: step: 1; ce: {ce}\\n")
        >>> (run,) = parse_log_files(sorted(folder.glob("*.txt")), save=True, group_by=r"(.*)_\\d+\\.txt")
        Saved logs plot to ...parse_logs.png
        >>> run.name, run.history["train"]["ce"][1].y, (folder / "parse_logs.png").is_file()
        ('a', 2.0, True)
    """
    if not file_paths:
        raise ValueError("parse_log_files: no log files given; pass at least one path")
    if save and save_path is None:
        save_path = os.path.join(os.path.dirname(str(file_paths[0])), "parse_logs.png")
    groups = {}
    for path in file_paths:
        experiment = parse_log_file(path, log_extension)
        key = experiment.name
        if group_by:
            found = re.findall(group_by, os.path.basename(str(path)))
            if not found:
                raise ValueError(f"parse_log_files: the log {os.path.basename(str(path))} does not match group_by "
                                 f"{group_by!r}; fix: a pattern every file name matches, its first group the name")
            key = found[0] if isinstance(found[0], str) else found[0][0]
        groups.setdefault(key, []).append(experiment)
    experiments = [average_summaries(name, runs) for name, runs in groups.items()]
    visualize_logs(experiments, save_path=save_path if save else None, smooth_factor=smooth_factor,
                   pretty_names=pretty_names, ignore_metrics=ignore_metrics, include_metrics=include_metrics)
    return experiments


def parse_log_dir(dir_path, log_extension=".txt", recursive_search=False, smooth_factor=0, save=False,
                  save_path=None, ignore_metrics=None, include_metrics=None, pretty_names=False, group_by=None):
    """`parse_log_files` of the `log_extension` files in the folder `dir_path` (or of `dir_path` itself when it
    is a file); returns the plotted experiments.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "run.txt").write_text("FastEstimator-Train: step: 1; ce: 2.0\\n")
        >>> [run.name for run in parse_log_dir(folder, save=True, save_path=folder / "plot.png")]
        Saved logs plot to ...plot.png
        ['run']
    """
    if os.path.isdir(dir_path):
        file_paths = list_files(dir_path, file_extension=log_extension, recursive_search=recursive_search)
    else:
        file_paths, log_extension = [dir_path], os.path.splitext(str(dir_path))[1]
    return parse_log_files(file_paths, log_extension, smooth_factor, save, save_path, ignore_metrics,
                           include_metrics, pretty_names, group_by)
