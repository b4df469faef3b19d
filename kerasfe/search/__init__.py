"""Searches over training settings: hyper-parameter searches (grid, golden section) and the learning-rate range
test."""
from kerasfe.search.golden_section import GoldenSection
from kerasfe.search.grid_search import GridSearch
from kerasfe.search.lr_range_test import LRRangeResult, lr_range_test
from kerasfe.search.search import Search

__all__ = ["GoldenSection", "GridSearch", "LRRangeResult", "Search", "lr_range_test"]
