import matplotlib.image
import pytest

from kerasfe.cli.main import main
from tests.summary.logs.test_log_parse import write_runs


def test_logs_command_plots_files_and_folders(tmp_path, capsys):
    write_runs(tmp_path)
    output = tmp_path / "plots" / "logs.png"
    output.parent.mkdir()
    main(["logs", str(tmp_path / "run_a.txt"), str(tmp_path / "nested"), "--ignore", "steps/sec", "since_best",
          "--output", str(output)])
    assert f"wrote {output}" in capsys.readouterr().out
    # accuracy, ce, epoch_time, lr: 3 columns x 2 rows of 5 x 3.5 inches at 100 dpi
    assert matplotlib.image.imread(output).shape == (700, 1500, 4)
    main(["logs", str(tmp_path), "--recursive", "--include", "ce", "--output", str(output)])
    assert matplotlib.image.imread(output).shape == (350, 500, 4)


@pytest.mark.parametrize("argv, message", [(["missing"], "no file or folder"), ([".", "--extension", ".csv"],
                                                                              "no '.csv' files")])
def test_logs_command_reports_missing_files(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["logs", *argv])
    assert stopped.value.code == 2 and message in capsys.readouterr().err
