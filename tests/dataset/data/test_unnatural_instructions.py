import json
import zipfile

import pytest

from kerasfe.dataset.data import unnatural_instructions
from kerasfe.errors import DataError

EXAMPLES = [{"instruction": "Add the two numbers.", "instances": [{"input": "2 and 3", "output": "5"}]},
            {"instruction": "Name the colour.", "instances": [{"input": "the sky", "output": "blue"}]}]


def test_unnatural_instructions_extracts_the_jsonl_and_returns_its_path(tmp_path):
    folder = tmp_path / "unnatural_instructions"
    folder.mkdir()
    with zipfile.ZipFile(folder / "core_data.zip", "w") as archive:
        archive.writestr("core_data.jsonl", "".join(json.dumps(example) + "\n" for example in EXAMPLES))
    path = unnatural_instructions.load_data(root_dir=str(tmp_path))
    assert path == str(folder / "core_data.jsonl")
    with open(path) as file:
        assert [json.loads(line) for line in file] == EXAMPLES
    (folder / "core_data.zip").unlink()  # extracted once: the zip is no longer needed
    assert unnatural_instructions.load_data(root_dir=str(tmp_path)) == path


def test_unnatural_instructions_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/unnatural_instructions' as 'core_data.zip'"):
        unnatural_instructions.load_data(root_dir=str(tmp_path))
    assert no_network == [unnatural_instructions.UNNATURAL_INSTRUCTIONS]
