import zipfile

import pytest

from kerasfe.dataset.data import montgomery
from kerasfe.errors import DataError


def test_montgomery_lists_images_with_their_masks_and_skips_the_macos_litter(tmp_path):
    folder = tmp_path / "Montgomery"
    folder.mkdir()
    names = ["MCUCXR_0002_1.png", "MCUCXR_0001_0.png"]
    with zipfile.ZipFile(folder / "NLM-MontgomeryCXRSet.zip", "w") as archive:
        for name in names:
            for sub in ("CXR_png", "ManualMask/leftMask", "ManualMask/rightMask"):
                archive.writestr(f"MontgomerySet/{sub}/{name}", b"png")
            archive.writestr(f"__MACOSX/MontgomerySet/CXR_png/._{name}", b"junk")
    data = montgomery.load_data(root_dir=str(tmp_path))
    assert [{key: str(value) for key, value in sample.items()} for sample in data] == [
        {"image": f"MontgomerySet/CXR_png/{name}", "mask_left": f"MontgomerySet/ManualMask/leftMask/{name}",
         "mask_right": f"MontgomerySet/ManualMask/rightMask/{name}"} for name in sorted(names)]
    assert not (folder / "__MACOSX").exists() and all((folder / str(data[0][key])).is_file() for key in data[0])


def test_offline_error_names_the_zip_and_folder(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/Montgomery' as 'NLM-MontgomeryCXRSet.zip'"):
        montgomery.load_data(root_dir=str(tmp_path))
