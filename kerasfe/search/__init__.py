"""Searches over training settings: the learning-rate range test."""
from kerasfe.search.lr_range_test import LRRangeResult, lr_range_test

__all__ = ["LRRangeResult", "lr_range_test"]
