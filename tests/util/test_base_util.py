import numpy as np
import pytest

from kerasfe.errors import ConfigError
from kerasfe.util import (FEID, IfElse, check_ds_id, check_io_names, filter_nones, get_colors, get_shape, get_type,
                          list_files, param_to_range, parse_modes, prettify_metric_name, strip_prefix, strip_suffix,
                          to_list, to_set)

# (function, argument, FastEstimator's result)
CASES = [
    (to_list, None, []), (to_list, "a", ["a"]), (to_list, {1, 2}, [1, 2]), (to_list, {"k": 1}, [{"k": 1}]),
    (to_set, None, set()), (to_set, ["a", "a"], {"a"}), (to_set, {"k": 1}.keys(), {"k"}), (to_set, 5, {5}),
    (filter_nones, [0, None, 1], [0, 1]),  # FastEstimator documents removing Nones (its code drops 0 too)
    (filter_nones, (None, "a"), ("a",)), (filter_nones, {"a": None}, {}),
    (param_to_range, 3, (-3, 3)), (param_to_range, -0.5, (-0.5, 0.5)), (param_to_range, [1, 2], (1, 2)),
    (prettify_metric_name, "f1_score", "F1 Score"), (prettify_metric_name, "trainLoss", "Train Loss"),
    (get_type, np.ones(1, "int8"), "int8"), (get_type, [[1.0]], "List[List[float]]"), (get_type, 2, "int"),
    (get_shape, [np.ones((2, 3)), np.ones((2, 3))], [None, 2, 3]), (get_shape, [np.ones(2), np.ones((2, 2))], [None]),
    (parse_modes, {"!train", "!eval"}, {"test", "infer"}), (parse_modes, {"eval"}, {"eval"}),
]


@pytest.mark.parametrize("function, argument, expected", CASES, ids=[case[0].__name__ for case in CASES])
def test_helper_gives_fastestimators_result(function, argument, expected):
    assert function(argument) == expected


def test_strings_ids_and_names():
    assert strip_prefix("model_best", "model_") == "best" and strip_prefix("best", "model_") == "best"
    assert strip_suffix("a.tar.gz", ".gz") == "a.tar" and strip_suffix("a", "") == "a"
    assert IfElse(1 > 0, "y", "n") == "y"
    assert sorted([FEID(3), FEID(1)]) == [1, 3] and {FEID(1): "a"}[FEID(1)] == "a"
    assert check_io_names(["x", ["y"]]) == ["x", ["y"]] and check_ds_id({"!a", "!b"}) == {"!a", "!b"}
    for bad in (["x:y"], [""], ["a|b|c"]):
        with pytest.raises(ConfigError, match="key name"):
            check_io_names(bad)
    with pytest.raises(ConfigError, match="mix"):
        check_ds_id({"a", "!b"})
    with pytest.raises(ConfigError, match="mix"):
        parse_modes({"train", "!eval"})
    with pytest.raises(ConfigError, match="unknown mode"):
        parse_modes({"training"})


def test_colors_and_files(tmp_path):
    many = get_colors(12, as_numbers=True)
    assert len(many) == 12 and len(set(many)) == 12 and all(0 <= value <= 256 for color in many for value in color)
    (tmp_path / "sub").mkdir()
    for name in ("a.png", "sub/b.png", "c.txt", ".hidden.png"):
        (tmp_path / name).write_text("x")
    assert sorted(p.rsplit("/", 1)[-1] for p in list_files(str(tmp_path), ".png")) == ["a.png", "b.png"]
    assert [p.rsplit("/", 1)[-1] for p in list_files(str(tmp_path), ".png", recursive_search=False)] == ["a.png"]
    with pytest.raises(ConfigError, match="not a directory"):
        list_files(str(tmp_path / "a.png"))
