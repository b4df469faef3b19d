import io
import os
import tarfile
import zipfile

import pytest

from kerasfe.dataset.data.data_files import data_folder, download, fetch_unpacked, unpack
from kerasfe.errors import DataError


def test_offline_download_names_the_file_and_folder_and_leaves_nothing(tmp_path, no_network):
    folder = data_folder(str(tmp_path), "Set")
    with pytest.raises(DataError, match=rf"x.load_data: cannot download 'https://a.invalid/f.zip'.*"
                                        rf"folder '{folder}' as 'f.zip'"):
        fetch_unpacked("x.load_data", folder, "f", "f.zip", "https://a.invalid/f.zip")
    assert os.listdir(folder) == [] and no_network == ["https://a.invalid/f.zip"]


def test_default_folder_is_under_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert data_folder(None, "Set") == os.path.join(str(tmp_path), "datasets", "Set")


def test_headers_are_sent_and_the_download_is_written(tmp_path, monkeypatch):
    seen = {}

    def answer(request):
        seen.update(request.headers)
        return io.BytesIO(b"payload")
    monkeypatch.setattr("urllib.request.urlopen", answer)
    path = download("x.load_data", "https://a.invalid/f", str(tmp_path / "f"), {"User-Agent": "Mozilla"})
    assert open(path, "rb").read() == b"payload" and seen == {"User-agent": "Mozilla"}


def test_unpack_keeps_the_prefix_and_refuses_tar_members_outside_the_folder(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as file:
        file.writestr("keep/a.txt", "a")
        file.writestr("__MACOSX/keep/._a.txt", "junk")
    unpack(str(tmp_path / "a.zip"), str(tmp_path / "out"), prefix="keep/")
    assert os.listdir(tmp_path / "out") == ["keep"]
    with tarfile.open(tmp_path / "b.tar.gz", "w:gz") as file:
        member = tarfile.TarInfo("../escape.txt")
        file.addfile(member, io.BytesIO(b""))
    with pytest.raises(tarfile.OutsideDestinationError):
        unpack(str(tmp_path / "b.tar.gz"), str(tmp_path / "out"))
