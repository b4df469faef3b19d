"""MeanAveragePrecision: COCO mean average precision of predicted boxes (mAP, AP50, AP75)."""
import numpy as np

from kerasfe.errors import DataError
from kerasfe.trace.metric.metric import Metric

IOU_THRESHOLDS = np.linspace(0.5, 0.95, 10)
RECALL_THRESHOLDS = np.linspace(0.0, 1.0, 101)
MAX_DETECTIONS = 100


def box_iou(det, gt):
    """The IoU matrix (len(det), len(gt)) of boxes [x1, y1, w, h], as pycocotools' `mask.iou` without crowds.

    Example:
        >>> box_iou(np.array([[0.0, 0.0, 2.0, 2.0]]), np.array([[1.0, 0.0, 2.0, 2.0], [5.0, 5.0, 1.0, 1.0]]))
        array([[0.33333333, 0.        ]])
    """
    det, gt = np.asarray(det, "float64").reshape(-1, 4), np.asarray(gt, "float64").reshape(-1, 4)
    left = np.maximum(det[:, None, 0], gt[None, :, 0])
    top = np.maximum(det[:, None, 1], gt[None, :, 1])
    right = np.minimum(det[:, None, 0] + det[:, None, 2], gt[None, :, 0] + gt[None, :, 2])
    bottom = np.minimum(det[:, None, 1] + det[:, None, 3], gt[None, :, 1] + gt[None, :, 3])
    inter = np.clip(right - left, 0, None) * np.clip(bottom - top, 0, None)
    union = det[:, None, 2] * det[:, None, 3] + gt[None, :, 2] * gt[None, :, 3] - inter
    return np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)


def match_image(det_boxes, det_scores, gt_boxes):
    """COCO's greedy matching of one image and class: (scores, matched (n_iou, n_det) bools) of the top 100.

    Detections in descending score each take the unmatched ground truth of highest IoU >= the threshold.

    Example:
        >>> scores, matched = match_image(np.array([[0, 0, 2, 2.0]]), np.array([0.9]), np.array([[0, 0, 2, 1.5]]))
        >>> matched[:, 0].tolist()  # IoU 0.75
        [True, True, True, True, True, True, False, False, False, False]
    """
    order = np.argsort(-det_scores, kind="mergesort")[:MAX_DETECTIONS]
    det_boxes, det_scores = det_boxes[order], det_scores[order]
    iou = box_iou(det_boxes, gt_boxes)
    matched = np.zeros((len(IOU_THRESHOLDS), len(det_boxes)), dtype=bool)
    for t, threshold in enumerate(IOU_THRESHOLDS):
        taken = np.zeros(len(gt_boxes), dtype=bool)
        for d in range(len(det_boxes)):
            best, best_iou = -1, min(threshold, 1 - 1e-10)
            for g in range(len(gt_boxes)):
                if not taken[g] and iou[d, g] >= best_iou:
                    best, best_iou = g, iou[d, g]
            if best >= 0:
                taken[best], matched[t, d] = True, True
    return det_scores, matched


def precision_at_recalls(scores, matched, num_gt):
    """COCO's interpolated precision (n_iou, 101) at recall 0, 0.01, ..., 1 of one class over all images.

    Example:
        >>> precision_at_recalls(np.array([0.9, 0.8]), np.array([[True, False]]), 1)[0, [0, 100]]
        array([1., 1.])
    """
    order = np.argsort(-scores, kind="mergesort")
    matched = matched[:, order]
    true_pos = np.cumsum(matched, axis=1, dtype="float64")
    false_pos = np.cumsum(~matched, axis=1, dtype="float64")
    result = np.zeros((matched.shape[0], len(RECALL_THRESHOLDS)))
    for t in range(matched.shape[0]):
        recall = true_pos[t] / num_gt
        precision = true_pos[t] / (true_pos[t] + false_pos[t] + np.spacing(1))
        precision = np.maximum.accumulate(precision[::-1])[::-1]  # the precision envelope
        index = np.searchsorted(recall, RECALL_THRESHOLDS, side="left")
        valid = index < len(precision)
        result[t, valid] = precision[index[valid]]
    return result


class MeanAveragePrecision(Metric):
    """COCO mean average precision over IoU 0.5:0.95 (and at 0.5, 0.75), area "all", 100 detections per image.

    Matches FastEstimator's trace (and pycocotools' COCOeval): classes without ground truth are left out of the
    mean; a result of -1 means no class had any.

    Args:
        num_classes: the largest class label + 1 (classes 0 .. num_classes - 1 are evaluated).
        true_key: ground-truth boxes (batch, num_box, 5): [x1, y1, w, h, label]; all-zero rows are padding.
        pred_key: predictions (batch, num_box, 7): [x1, y1, w, h, label, score, select]; select 0 drops a box.
        mode, ds_id: where it runs ("eval" and "test" by default).
        output_name: the three keys written: mAP, AP at IoU 0.5, AP at IoU 0.75.
        per_ds: with several data sets in the mode, also log each one's value (`key|ds_id`) besides the value
            over all of them (see Metric).

    Example:
        >>> trace = MeanAveragePrecision(num_classes=2)
        >>> gt = np.array([[[0, 0, 10, 10, 1]]], dtype="float32")
        >>> pred = np.array([[[0, 0, 10, 10, 1, 0.9, 1], [20, 20, 5, 5, 1, 0.8, 1]]], dtype="float32")
        >>> [round(ap, 6) for ap in trace.compute([gt], [pred])]
        [1.0, 1.0, 1.0]
    """

    def __init__(self, num_classes, true_key="bbox", pred_key="pred", mode=("eval", "test"), ds_id=None,
                 output_name=("mAP", "AP50", "AP75"), per_ds=True):
        super().__init__(true_key, pred_key, output_name, mode=mode, ds_id=ds_id, per_ds=per_ds)
        if len(self.outputs) != 3:
            raise DataError(f"MeanAveragePrecision writes 3 keys (mAP, AP50, AP75); output_name={output_name!r} "
                            f"has {len(self.outputs)}. Pass three names.")
        self.num_classes = num_classes

    def write_result(self, data, write, true, pred):
        for key, value in zip(self.outputs, self.compute(true, pred)):
            write(key, value)

    def compute(self, true_batches, pred_batches):
        """(mAP, AP50, AP75) of lists of ground-truth (batch, n, 5) and prediction (batch, m, 7) batches."""
        images = []
        for gt_batch, pred_batch in zip(true_batches, pred_batches):
            if gt_batch.shape[-1] != 5 or pred_batch.shape[-1] != 7:
                raise DataError(f"MeanAveragePrecision needs {self.true_key!r} as (batch, box, 5) [x1, y1, w, h, "
                                f"label] and {self.pred_key!r} as (batch, box, 7) [x1, y1, w, h, label, score, "
                                f"select]; got {gt_batch.shape} and {pred_batch.shape}.")
            for gt, pred in zip(gt_batch, pred_batch):
                images.append((gt[~np.all(gt == 0, axis=1)], pred[pred[:, 6] > 0]))
        precision = -np.ones((len(IOU_THRESHOLDS), len(RECALL_THRESHOLDS), self.num_classes))
        for label in range(self.num_classes):
            scores, matches, num_gt = [], [], 0
            for gt, pred in images:
                gt, pred = gt[gt[:, 4] == label], pred[pred[:, 4] == label]
                num_gt += len(gt)
                image_scores, image_matched = match_image(pred[:, :4], pred[:, 5], gt[:, :4])
                scores.append(image_scores)
                matches.append(image_matched)
            if num_gt:
                precision[:, :, label] = precision_at_recalls(np.concatenate(scores), np.concatenate(matches, 1),
                                                              num_gt)
        return tuple(_mean_valid(part) for part in (precision, precision[:1], precision[5:6]))


def _mean_valid(precision):
    valid = precision[precision > -1]
    return float(np.mean(valid)) if valid.size else -1.0
