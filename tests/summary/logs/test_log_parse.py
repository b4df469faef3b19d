import numpy as np
import pytest

from kerasfe.summary import ValWithError
from kerasfe.summary.logs import list_files, parse_log_dir, parse_log_file, parse_log_files

LOG = """Epoch 1/2
FastEstimator-Train: step: 100; epoch: 1; ce: 0.12; steps/sec: 40.1
FastEstimator-Train: step: 200; epoch: 1; ce: 0.08; steps/sec: 41.5
FastEstimator-Eval: step: 200; epoch: 1; ce: 0.10; accuracy: 0.97; since_best: 0; note: best
FastEstimator-Train: step: 300; epoch: 2; ce: 1e-2; lr: 0.001
FastEstimator-Test: step: 300; epoch: 2; ce: (0.1, 0.11, 0.12); accuracy: 0.965; epoch_time: 3.5 sec
"""


def write_runs(folder):
    """run_a.txt (LOG), nested/run_b.txt (lines by epoch, no step) and notes.md; returns run_b's lines."""
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
    summary = parse_log_file(tmp_path / "run_a.txt", ".txt")
    assert summary.name == "run_a"
    assert summary.history["train"] == {"epoch": {100: 1, 200: 1, 300: 2}, "ce": {100: 0.12, 200: 0.08, 300: 0.01},
                                        "steps/sec": {100: 40.1, 200: 41.5}, "lr": {300: 0.001}}
    assert summary.history["eval"] == {"epoch": {200: 1}, "ce": {200: 0.10}, "accuracy": {200: 0.97},
                                       "since_best": {200: 0.0}}
    test = summary.history["test"]
    assert test["ce"][300].as_tuple() == (0.1, 0.11, 0.12) and isinstance(test["ce"][300], ValWithError)
    assert (test["accuracy"], test["epoch_time"]) == ({300: 0.965}, {300: 3.5})
    assert summary.epoch_values("train", "ce") == [0.12, 0.08, 0.01]


def test_lines_without_a_step_use_the_epoch(tmp_path):
    lines = write_runs(tmp_path)
    expected = {epoch: float(line.rsplit(" ", 1)[1]) for epoch, line in enumerate(lines, start=1)}
    assert parse_log_file(tmp_path / "nested" / "run_b.txt").history["train"]["ce"] == expected


def test_folders_are_searched_by_extension(tmp_path):
    write_runs(tmp_path)
    names = lambda paths: [path.rsplit("/", 1)[1] for path in paths]  # noqa: E731
    assert names(list_files(tmp_path, ".txt", recursive_search=False)) == ["run_a.txt"]
    assert names(list_files(tmp_path, ".txt")) == ["run_b.txt", "run_a.txt"]  # nested/ sorts before run_a
    assert names(list_files(tmp_path, ".md")) == ["notes.md"]
    with pytest.raises(FileNotFoundError, match="no folder"):
        list_files(tmp_path / "missing")


def test_group_by_averages_runs_with_the_sample_standard_deviation(tmp_path, capsys):
    values = {"a_1.txt": (1.0, 4.0), "a_2.txt": (2.0, 6.0), "a_3.txt": (6.0, 5.0), "b_1.txt": (9.0, 9.0)}
    for name, (ce, accuracy) in values.items():
        (tmp_path / name).write_text(f"FastEstimator-Train: step: 5; epoch: 1; ce: {ce}\n"
                                     f"FastEstimator-Test: step: {int(accuracy)}; epoch: 1; accuracy: {accuracy}\n")
    runs = parse_log_dir(tmp_path, save=True, group_by=r"(.*)_\d+\.txt")
    assert f"Saved logs plot to {tmp_path / 'parse_logs.png'}" in capsys.readouterr().out
    (a, b) = sorted(runs, key=lambda run: run.name)
    ce = np.array([1.0, 2.0, 6.0])
    mean, std = ce.mean(), ce.std(ddof=1)
    assert a.history["train"]["ce"][5].as_tuple() == pytest.approx((mean - std, mean, mean + std))
    accuracy = np.array([4.0, 6.0, 5.0])  # test values are pooled at the latest test step
    assert list(a.history["test"]["accuracy"]) == [6]
    assert a.history["test"]["accuracy"][6].y == pytest.approx(accuracy.mean())
    assert b.history["train"]["ce"] == {5: 9.0} and "epoch" not in a.history["train"]
    with pytest.raises(ValueError, match="does not match group_by"):
        parse_log_files([tmp_path / "a_1.txt"], group_by=r"(z)_\d")
    with pytest.raises(ValueError, match="no log files"):
        parse_log_files([])
