import io
import json
import zipfile

import numpy as np
import pytest
from PIL import Image

from kerasfe.dataset.data import mscoco
from kerasfe.errors import ConfigError, DataError

MASK = np.zeros((6, 5), "uint8")
MASK[1:4, 2:4] = 1


def uncompressed_rle(mask):
    """COCO's uncompressed RLE: run lengths of the column-major pixels, starting with a run of zeros."""
    pixels = mask.ravel(order="F")
    changes = np.flatnonzero(np.diff(np.concatenate([[0], pixels, [1 - pixels[-1]]])))
    return {"counts": np.diff(np.concatenate([[0], changes])).tolist(), "size": list(mask.shape)}


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (5, 6)).save(buffer, format="JPEG")
    return buffer.getvalue()


def write_coco(root):
    """The three COCO 2017 zips: images named by id, and instances / captions / person_keypoints JSON files."""
    folder = root / "MSCOCO2017"
    folder.mkdir()
    ids = {"train2017": [139, 285, 632], "val2017": [724]}
    for part, image_ids in ids.items():
        with zipfile.ZipFile(folder / f"{part}.zip", "w") as archive:
            for image_id in image_ids:
                archive.writestr(f"{part}/{image_id:012d}.jpg", jpeg())
    keypoints = list(range(51))
    annotations = {
        "instances": [{"id": 1, "image_id": 139, "category_id": 18, "bbox": [2.0, 1.0, 2.0, 3.0], "area": 6.0,
                       "iscrowd": 1, "segmentation": uncompressed_rle(MASK)},
                      {"id": 2, "image_id": 139, "category_id": 1, "bbox": [0.0, 0.0, 0.5, 1.0], "area": 0.5,
                       "iscrowd": 1, "segmentation": uncompressed_rle(MASK)},  # under min_bbox_area: dropped
                      {"id": 3, "image_id": 724, "category_id": 3, "bbox": [0.0, 0.0, 2.0, 2.0], "area": 4.0,
                       "iscrowd": 1, "segmentation": uncompressed_rle(MASK)}],
        "captions": [{"id": 4, "image_id": 139, "caption": "A dog on a sofa."},
                     {"id": 5, "image_id": 139, "caption": "A brown dog."},
                     {"id": 6, "image_id": 285, "caption": "A bear."}],
        "person_keypoints": [{"id": 7, "image_id": 632, "category_id": 1, "bbox": [1.0, 1.0, 3.0, 4.0],
                              "num_keypoints": 17, "keypoints": keypoints, "iscrowd": 0, "area": 12.0},
                             {"id": 8, "image_id": 285, "category_id": 1, "bbox": [1.0, 1.0, 3.0, 4.0],
                              "num_keypoints": 0, "keypoints": [0] * 51, "iscrowd": 0, "area": 12.0}]}
    with zipfile.ZipFile(folder / "annotations_trainval2017.zip", "w") as archive:
        for kind, items in annotations.items():
            for part, image_ids in ids.items():
                content = {"images": [{"id": i, "height": 6, "width": 5, "file_name": f"{i:012d}.jpg"}
                                      for i in image_ids],
                           "annotations": [item for item in items if item["image_id"] in image_ids]}
                if kind != "captions":  # as in COCO's files, captions have no categories
                    content["categories"] = [{"id": c, "name": str(c)} for c in (1, 3, 18)]
                archive.writestr(f"annotations/{kind}_{part}.json", json.dumps(content))
    return folder, keypoints


def test_mscoco_pairs_each_image_with_its_boxes_masks_captions_and_keypoints(tmp_path):
    folder, keypoints = write_coco(tmp_path)
    train, evaluation = mscoco.load_data(root_dir=str(tmp_path), load_masks=True, load_captions=True,
                                         load_keypoints=True, replacement=False)
    assert [sample["image_id"] for sample in train] == [139, 285, 632] and len(evaluation) == 1
    first = train[0]
    assert first["image"] == str(folder / "train2017" / "000000000139.jpg")
    assert first["bbox"] == [(2.0, 1.0, 2.0, 3.0, 18)]
    assert len(first["mask"]) == 1
    np.testing.assert_array_equal(first["mask"][0], MASK)
    assert first["caption"] == ["A dog on a sofa.", "A brown dog."]
    assert first["keypoint"] == [] and first["keypoint_bbox"] == []
    bear, person = train[1], train[2]
    assert bear["bbox"] == [] and bear["caption"] == ["A bear."] and bear["keypoint"] == []  # 0 keypoints: none
    np.testing.assert_array_equal(person["keypoint"][0], np.reshape(keypoints, (17, 3)))
    assert person["keypoint"][0].dtype == np.int32 and person["keypoint_bbox"] == [(1.0, 1.0, 3.0, 4.0)]
    assert evaluation[0]["bbox"] == [(0.0, 0.0, 2.0, 2.0, 3)]


def test_mscoco_replaces_images_lacking_an_asked_for_annotation(tmp_path):
    write_coco(tmp_path)
    train, _ = mscoco.load_data(root_dir=str(tmp_path))  # boxes only, with replacement: only image 139 has one
    assert sorted(train[0]) == ["bbox", "image", "image_id"]
    assert {train[index]["image_id"] for index in range(3) for _ in range(3)} == {139}
    captioned, _ = mscoco.load_data(root_dir=str(tmp_path), load_bboxes=False, load_captions=True)
    assert {captioned[index]["image_id"] for index in range(3) for _ in range(5)} <= {139, 285}
    assert captioned[1]["caption"] == ["A bear."]
    held_out = captioned.split([1])  # image 285 moves out: only 139 is left to stand in for 632
    assert [captioned[1]["image_id"] for _ in range(5)] == [139] * 5 and held_out[0]["image_id"] == 285
    boxless = train.split([1, 2])  # images 285 and 632: none has a box to replace the other with
    with pytest.raises(DataError, match=r"no image of these 2 has every asked-for annotation \(bbox\)"):
        boxless[0]


def test_mscoco_masks_need_boxes(tmp_path):
    write_coco(tmp_path)
    with pytest.raises(ConfigError, match="include_masks needs include_bboxes=True"):
        mscoco.load_data(root_dir=str(tmp_path), load_bboxes=False, load_masks=True)


def test_mscoco_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/MSCOCO2017' as 'train2017.zip'"):
        mscoco.load_data(root_dir=str(tmp_path))
    assert no_network == ["http://images.cocodataset.org/zips/train2017.zip"]
