"""Plots of hyper-parameter search results (matplotlib): Cartesian, heatmap and parallel coordinates."""
from kerasfe.search.visualize.cartesian import plot_cartesian, visualize_cartesian
from kerasfe.search.visualize.heatmap import plot_heatmap, visualize_heatmap
from kerasfe.search.visualize.parallel_coordinate_plot import plot_parallel_coordinates, visualize_parallel_coordinates
from kerasfe.search.visualize.visualize import visualize_search

__all__ = ["plot_cartesian", "plot_heatmap", "plot_parallel_coordinates", "visualize_cartesian", "visualize_heatmap",
           "visualize_parallel_coordinates", "visualize_search"]
