"""qa-tui: a terminal app that answers a deep-learning Q&A with live PyTorch demos."""

__version__ = "0.1.0"
