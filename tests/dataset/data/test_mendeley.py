import zipfile

import pytest

from kerasfe.dataset.data import mendeley
from kerasfe.errors import DataError


def test_mendeley_labels_normal_0_pneumonia_1_and_skips_the_macos_litter(tmp_path):
    folder = tmp_path / "Mendeley"
    folder.mkdir()
    files = {"train/NORMAL": 2, "train/PNEUMONIA": 3, "test/PNEUMONIA": 1, "test/NORMAL": 1}
    with zipfile.ZipFile(folder / "ChestXRay2017.zip", "w") as archive:
        for sub, count in files.items():
            for index in range(count):
                archive.writestr(f"chest_xray/{sub}/IM-{index}.jpeg", b"jpeg")
            archive.writestr(f"chest_xray/{sub}/.DS_Store", b"junk")
        archive.writestr("__MACOSX/chest_xray/._train", b"junk")
    train, test = mendeley.load_data(root_dir=str(tmp_path))
    assert not (folder / "__MACOSX").exists()
    assert [int(s["y"]) for s in train] == [0, 0, 1, 1, 1] and [int(s["y"]) for s in test] == [0, 1]
    assert str(train[2]["x"]).endswith("chest_xray/train/PNEUMONIA/IM-0.jpeg")


def test_offline_error_names_the_zip_and_folder_and_sends_a_browser_agent(tmp_path, monkeypatch):
    agents = []

    def refuse(request):
        agents.append(request.get_header("User-agent"))
        raise OSError("network unreachable")
    monkeypatch.setattr("urllib.request.urlopen", refuse)
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/Mendeley' as 'ChestXRay2017.zip'"):
        mendeley.load_data(root_dir=str(tmp_path))
    assert agents[0].startswith("Mozilla/5.0")
