import numpy as np
import pytest

from kerasfe.cli.logs import find_log_files, parse_log_file, plot_log_files
from kerasfe.cli.main import main

LOG = """Epoch 1/2
FastEstimator-Train: step: 100; epoch: 1; ce: 0.12; steps/sec: 40.1
FastEstimator-Train: step: 200; epoch: 1; ce: 0.08; steps/sec: 41.5
FastEstimator-Eval: step: 200; epoch: 1; ce: 0.10; accuracy: 0.97; since_best: 0; note: best
FastEstimator-Train: step: 300; epoch: 2; ce: 1e-2; lr: 0.001
FastEstimator-Test: step: 300; epoch: 2; ce: 0.11; accuracy: 0.965; epoch_time: 3.5 sec
"""


def write_runs(folder):
    rng = np.random.default_rng(0)
    (folder / "run_a.txt").write_text(LOG)
    lines = [f"FastEstimator-Train: epoch: {epoch}; ce: {value:.4f}" for epoch, value in
             enumerate(rng.random(4), start=1)]
    (folder / "nested").mkdir()
    (folder / "nested" / "run_b.txt").write_text("\n".join(lines))
    (folder / "notes.md").write_text("FastEstimator-Train: step: 1; ce: 9")
    return lines


def test_parser_reads_every_number_by_mode_and_step(tmp_path):
    write_runs(tmp_path)
    parsed = parse_log_file(tmp_path / "run_a.txt")
    assert parsed["train"] == {"ce": {100: 0.12, 200: 0.08, 300: 0.01}, "steps/sec": {100: 40.1, 200: 41.5},
                               "lr": {300: 0.001}}
    assert parsed["eval"] == {"ce": {200: 0.10}, "accuracy": {200: 0.97}, "since_best": {200: 0.0}}
    assert parsed["test"] == {"ce": {300: 0.11}, "accuracy": {300: 0.965}, "epoch_time": {300: 3.5}}


def test_lines_without_a_step_use_the_epoch(tmp_path):
    lines = write_runs(tmp_path)
    expected = {epoch: float(line.rsplit(" ", 1)[1]) for epoch, line in enumerate(lines, start=1)}
    assert parse_log_file(tmp_path / "nested" / "run_b.txt") == {"train": {"ce": expected}}


def test_folders_are_searched_by_extension(tmp_path):
    write_runs(tmp_path)
    assert [path.name for path in find_log_files([tmp_path])] == ["run_a.txt"]
    assert [path.name for path in find_log_files([tmp_path], recursive=True)] == ["run_b.txt", "run_a.txt"]
    assert [path.name for path in find_log_files([tmp_path], extension=".md")] == ["notes.md"]
    with pytest.raises(FileNotFoundError, match="no file or folder"):
        find_log_files([tmp_path / "missing"])


def plotted_curves(figure):
    """{panel title: {curve label: (xs, ys)}} of the visible panels of a matplotlib figure."""
    return {panel.get_title(): {line.get_label(): (list(line.get_xdata()), list(line.get_ydata()))
                                for line in panel.get_lines()}
            for panel in figure.axes if panel.get_visible()}


def logged_curves(folder, keys):
    """The curves the logs hold: {key: {"<run> <mode>": (steps, values)}}."""
    runs = {"run_a": parse_log_file(folder / "run_a.txt"), "run_b": parse_log_file(folder / "nested" / "run_b.txt")}
    return {key: {f"{name} {mode}": tuple(map(list, zip(*sorted(values[key].items()))))
                  for name, parsed in runs.items() for mode, values in parsed.items() if key in values}
            for key in keys}


def test_plot_compares_runs_with_include_and_ignore(tmp_path, monkeypatch):
    import matplotlib.image
    import matplotlib.pyplot as plt
    write_runs(tmp_path)
    figures, close = [], plt.close
    monkeypatch.setattr(plt, "close", lambda figure: (figures.append(figure), close(figure)))
    every_key = ["accuracy", "ce", "epoch_time", "lr", "since_best", "steps/sec"]
    assert plot_log_files([tmp_path], tmp_path / "all.png", recursive=True) == every_key
    assert plot_log_files([tmp_path], tmp_path / "some.png", recursive=True, include=["ce", "accuracy", "lr"],
                          ignore=["lr"]) == ["accuracy", "ce"]
    assert plotted_curves(figures[0]) == logged_curves(tmp_path, every_key)
    assert plotted_curves(figures[1]) == logged_curves(tmp_path, ["accuracy", "ce"])
    # 5 x 3.5 inches per panel at 100 dpi: 3 columns x 2 rows, then 2 columns x 1 row
    assert matplotlib.image.imread(tmp_path / "all.png").shape == (700, 1500, 4)
    assert matplotlib.image.imread(tmp_path / "some.png").shape == (350, 1000, 4)
    with pytest.raises(ValueError, match="nothing to plot"):
        plot_log_files([tmp_path], tmp_path / "none.png", include=["missing"])


def test_logs_command_writes_the_image(tmp_path, capsys):
    write_runs(tmp_path)
    output = tmp_path / "plots" / "logs.png"
    output.parent.mkdir()
    main(["logs", str(tmp_path / "run_a.txt"), str(tmp_path / "nested"), "--ignore", "steps/sec",
          "--output", str(output)])
    assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"wrote {output}" in capsys.readouterr().out
