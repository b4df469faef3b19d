"""MeanAveragePrecision against pycocotools' COCOeval on random boxes."""
import contextlib
import io

import numpy as np
import pytest

from kerasfe.errors import DataError
from kerasfe.trace.metric import MeanAveragePrecision

coco = pytest.importorskip("pycocotools.coco")
cocoeval = pytest.importorskip("pycocotools.cocoeval")


def random_batches(rng, num_batches=3, batch=4, num_classes=3):
    true_batches, pred_batches = [], []
    for _ in range(num_batches):
        gt = np.zeros((batch, 5, 5), "float32")
        pred = np.zeros((batch, 8, 7), "float32")
        for i in range(batch):
            n = rng.integers(1, 6)
            boxes = np.column_stack([rng.uniform(0, 50, (n, 2)), rng.uniform(5, 30, (n, 2))])
            gt[i, :n] = np.column_stack([boxes, rng.integers(0, num_classes, n)])
            m = rng.integers(0, 9)
            source = boxes[rng.integers(0, n, m)] + rng.normal(0, 3, (m, 4))
            source[:, 2:] = np.abs(source[:, 2:]) + 1
            labels = np.where(rng.uniform(size=m) < 0.8, gt[i, rng.integers(0, n, m), 4], rng.integers(0, 3, m))
            pred[i, :m] = np.column_stack([source, labels, rng.uniform(size=m), rng.integers(0, 2, m) | (m < 4)])
        true_batches.append(gt)
        pred_batches.append(pred)
    return true_batches, pred_batches


def cocoeval_stats(true_batches, pred_batches):
    images, annotations, detections = [], [], []
    for gt, pred in zip(np.concatenate(true_batches), np.concatenate(pred_batches)):
        image_id = len(images) + 1
        images.append({"id": image_id})
        for box in gt[~np.all(gt == 0, axis=1)]:
            annotations.append({"id": len(annotations) + 1, "image_id": image_id, "bbox": box[:4].tolist(),
                                "category_id": int(box[4]), "area": float(box[2] * box[3]), "iscrowd": 0})
        for box in pred[pred[:, 6] > 0]:
            detections.append({"image_id": image_id, "bbox": box[:4].tolist(), "category_id": int(box[4]),
                               "score": float(box[5])})
    with contextlib.redirect_stdout(io.StringIO()):
        truth = coco.COCO()
        truth.dataset = {"images": images, "annotations": annotations,
                         "categories": [{"id": c} for c in range(3)]}
        truth.createIndex()
        evaluation = cocoeval.COCOeval(truth, truth.loadRes(detections), "bbox")
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return evaluation.stats[:3]


@pytest.mark.parametrize("seed", [0, 1])
def test_matches_pycocotools_cocoeval(seed):
    true_batches, pred_batches = random_batches(np.random.default_rng(seed))
    result = MeanAveragePrecision(num_classes=3).compute(true_batches, pred_batches)
    np.testing.assert_allclose(result, cocoeval_stats(true_batches, pred_batches), atol=1e-6)


def test_logs_the_three_keys_over_the_epoch():
    true_batches, pred_batches = random_batches(np.random.default_rng(2))
    trace = MeanAveragePrecision(num_classes=3, true_key="gt", pred_key="boxes")
    logged = {}

    class Recorder(dict):
        def write_with_log(self, key, value):
            logged[key] = value

    trace.on_epoch_begin(Recorder())
    for gt, pred in zip(true_batches, pred_batches):
        trace.on_batch_end(Recorder(gt=gt, boxes=pred))
    trace.on_epoch_end(Recorder())
    assert sorted(logged) == ["AP50", "AP75", "mAP"]
    np.testing.assert_allclose([logged["mAP"], logged["AP50"], logged["AP75"]],
                               cocoeval_stats(true_batches, pred_batches), atol=1e-6)


def test_wrong_box_layout_is_a_data_error():
    with pytest.raises(DataError, match="x1, y1, w, h, label"):
        MeanAveragePrecision(num_classes=2).compute([np.zeros((1, 2, 4))], [np.zeros((1, 2, 7))])
