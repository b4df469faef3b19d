"""The Network (a keras.Model that runs an op list), its op-graph checks and its forward record."""
from kerasfe.network.network import Network

__all__ = ["Network"]
