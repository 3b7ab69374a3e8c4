"""Moved to demos/lessons/optim.py, where the lessons that use the optimizers show them."""

from demos.lessons.optim import SGD, Adam, Optimizer

__all__ = ["SGD", "Adam", "Optimizer"]
