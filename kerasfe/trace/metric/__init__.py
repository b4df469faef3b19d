"""Metric Traces: computed with numpy from the batches' labels and predictions, per epoch."""
from kerasfe.trace.metric.accuracy import Accuracy
from kerasfe.trace.metric.auc import AUCScore
from kerasfe.trace.metric.bleu_score import BleuScore
from kerasfe.trace.metric.calibration_error import CalibrationError
from kerasfe.trace.metric.confusion_matrix import ConfusionMatrix
from kerasfe.trace.metric.dice import Dice
from kerasfe.trace.metric.mcc import MCC
from kerasfe.trace.metric.mean_average_precision import MeanAveragePrecision
from kerasfe.trace.metric.metric import LabelMetric, Metric
from kerasfe.trace.metric.perplexity import Perplexity
from kerasfe.trace.metric.precision_recall import F1Score, Precision, Recall
from kerasfe.trace.metric.psnr import PSNR
from kerasfe.trace.metric.token_scores import TokenScores

__all__ = ["AUCScore", "Accuracy", "BleuScore", "CalibrationError", "ConfusionMatrix", "Dice", "F1Score", "LabelMetric",
           "MCC", "MeanAveragePrecision", "Metric", "PSNR", "Perplexity", "Precision", "Recall", "TokenScores"]
