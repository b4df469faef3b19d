import io
import tarfile

import numpy as np
import pytest
from PIL import Image

from kerasfe.dataset.data import pascal_voc
from kerasfe.errors import ConfigError, DataError

BOXES = {"2008_000001": [("dog", 1, 2, 9, 7), ("person", 3, 0, 11.5, 5)], "2008_000002": [("tvmonitor", 0, 0, 4, 4)]}
SETS = {"Segmentation/train.txt": ["2008_000001"], "Segmentation/val.txt": ["2008_000003"],
        "Main/train.txt": ["2008_000001", "2008_000002"], "Main/val.txt": []}


def annotation_xml(objects):
    """An Annotations/<name>.xml in VOC's layout (size, then one <object> per box, coordinates maybe fractional)."""
    items = "".join(f"<object><name>{name}</name><pose>Left</pose><truncated>0</truncated><difficult>0</difficult>"
                    f"<bndbox><xmin>{x1}</xmin><ymin>{y1}</ymin><xmax>{x2}</xmax><ymax>{y2}</ymax></bndbox></object>"
                    for name, x1, y1, x2, y2 in objects)
    return (f"<annotation><folder>VOC2012</folder><filename>x.jpg</filename><size><width>12</width>"
            f"<height>8</height><depth>3</depth></size><segmented>1</segmented>{items}</annotation>").encode()


def png(image, palette=None):
    buffer = io.BytesIO()
    image = Image.fromarray(image)
    if palette is not None:
        image.putpalette(palette)
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def write_voc(root, class_map):
    """VOCtrainval_11-May-2012.tar with JPEGs, XML boxes, palette-PNG class masks and the image-set lists."""
    files = {f"VOCdevkit/VOC2012/ImageSets/{name}": "".join(f"{item}\n" for item in items).encode()
             for name, items in SETS.items()}
    for name in ("2008_000001", "2008_000002", "2008_000003"):
        buffer = io.BytesIO()
        Image.new("RGB", (12, 8), (200, 30, 60)).save(buffer, format="JPEG", quality=100)
        files[f"VOCdevkit/VOC2012/JPEGImages/{name}.jpg"] = buffer.getvalue()
    for name, objects in BOXES.items():
        files[f"VOCdevkit/VOC2012/Annotations/{name}.xml"] = annotation_xml(objects)
    palette = [0, 0, 0] + [value for color in pascal_voc.VOC_COLORMAP for value in color] + [224, 224, 192] * 235
    for name in ("2008_000001", "2008_000003"):  # index 0 background, 1-20 the classes, 255 the outline
        files[f"VOCdevkit/VOC2012/SegmentationClass/{name}.png"] = png(class_map, palette)
    (root / "PascalVoc").mkdir()
    with tarfile.open(root / "PascalVoc" / "VOCtrainval_11-May-2012.tar", "w") as tar:
        for name, data in files.items():
            member = tarfile.TarInfo(name)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_pascal_voc_reads_images_boxes_and_one_hot_masks(tmp_path):
    class_map = np.zeros((8, 12), "uint8")
    class_map[2:5, 3:9], class_map[6, :] = 12, 255  # a dog (class index 11) and an outline row
    write_voc(tmp_path, class_map)
    train, evaluation = pascal_voc.load_data(root_dir=str(tmp_path), load_bboxes=True, load_masks=True)
    assert train.filenames == ["2008_000001", "2008_000002"] and evaluation.filenames == ["2008_000003"]
    first, second = train[0], train[1]
    assert first["image"].shape == (8, 12, 3) and first["image"].dtype == np.uint8
    assert np.abs(first["image"].astype(int) - [200, 30, 60]).max() <= 3  # a JPEG of that colour
    assert first["bbox"] == [(1, 2, 9, 7, 11), (3, 0, 11, 5, 14)] and second["bbox"] == [(0, 0, 4, 4, 19)]
    expected = np.zeros((8, 12, 20), "float32")
    expected[2:5, 3:9, 11] = 1  # background and outline are in no channel
    np.testing.assert_array_equal(first["mask"], expected)
    assert second["mask"] is None  # listed for boxes only
    assert evaluation[0]["bbox"] == [] and evaluation[0]["mask"].shape == (8, 12, 20)


def test_pascal_voc_default_is_masks_of_the_segmentation_lists(tmp_path):
    write_voc(tmp_path, np.ones((8, 12), "uint8"))
    train, evaluation = pascal_voc.load_data(root_dir=str(tmp_path))
    assert sorted(train[0]) == ["image", "mask"] and len(train) == 1 and len(evaluation) == 1
    assert train[0]["mask"][..., 0].all()


def test_pascal_voc_names_a_bad_image_set_and_an_unknown_class(tmp_path):
    write_voc(tmp_path, np.zeros((8, 12), "uint8"))
    pascal_voc.load_data(root_dir=str(tmp_path))  # extracts the archive
    voc = tmp_path / "PascalVoc" / "VOCdevkit" / "VOC2012"
    with pytest.raises(ConfigError, match=r"image_set must be one of \['train', 'trainval', 'val'\]; got 'test'"):
        pascal_voc.PascalVoc(str(voc), image_set="test")
    with pytest.raises(DataError, match=r"ImageSets/Segmentation/trainval.txt'"):
        pascal_voc.PascalVoc(str(voc), image_set="trainval")
    (voc / "Annotations" / "2008_000002.xml").write_bytes(annotation_xml([("zebra", 0, 0, 1, 1)]))
    data = pascal_voc.PascalVoc(str(voc), include_bboxes=True, include_masks=False)
    with pytest.raises(DataError, match=r"2008_000002.xml' has class 'zebra'"):
        data[1]


def test_pascal_voc_offline_is_a_clear_error(tmp_path, no_network):
    with pytest.raises(DataError, match=rf"folder '{tmp_path}/PascalVoc' as 'VOCtrainval_11-May-2012.tar'"):
        pascal_voc.load_data(root_dir=str(tmp_path))
