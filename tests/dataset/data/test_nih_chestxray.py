import io
import tarfile

import pytest

from kerasfe.dataset.data import nih_chestxray
from kerasfe.errors import DataError


def test_nih_chestxray_extracts_all_twelve_archives_into_one_folder(tmp_path):
    folder = tmp_path / "NIH_Chestxray"
    folder.mkdir()
    for index in range(12):
        with tarfile.open(folder / f"images_{index}.tar.gz", "w:gz") as tar:
            for name in (f"{index:08d}_000.png", f"{index:08d}_001.png"):
                tar.addfile(tarfile.TarInfo(f"images/{name}"), io.BytesIO(b""))
    data = nih_chestxray.load_data(root_dir=str(tmp_path))
    assert len(data) == 24 and sorted(data[0]) == ["x"]
    assert str(data[23]["x"]) == str(folder / "images" / "00000011_001.png")


def test_offline_error_names_the_first_missing_archive_and_folder(tmp_path, no_network):
    (tmp_path / "NIH_Chestxray").mkdir()
    (tmp_path / "NIH_Chestxray" / "images_0.tar.gz").write_bytes(b"")
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/NIH_Chestxray' as 'images_1.tar.gz'"):
        nih_chestxray.load_data(root_dir=str(tmp_path))
