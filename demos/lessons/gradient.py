"""Question 1: a gradient is d(loss)/d(param) at one point, checked, then used to walk downhill.

f = x * param should equal target. `loss.backward()` fills `param.grad` with the slope of the
loss at the current param, and `x.grad` with its slope in x: a different question, a different
number. A central finite difference checks param.grad. Then gradient descent:
param -= lr * param.grad. With the absolute loss the slope is always +x or -x, never smaller,
so a fixed lr keeps hopping over the minimum; the squared loss's slope shrinks as it nears it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch


class Config(NamedTuple):
    param: float = 3.0  # where descent starts
    x: float = 1.0  # the input; f = x * param
    target: float = 2.0  # what f should equal
    loss: str = "absolute"  # |f - target| or (f - target)^2: "absolute" or "squared"
    lr: float = 0.3  # step = -lr * param.grad


MAX_STEPS = 150
FD_H = 1e-4  # central difference step; float64 keeps its rounding error near 1e-12


def loss_fn(f: torch.Tensor, target: float, kind: str) -> torch.Tensor:
    residual = f - target
    return residual * residual if kind == "squared" else residual.abs()


class Gradient:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nothing random here; every lesson seeds anyway
        self.x, self.target, self.kind, self.lr = config.x, config.target, config.loss, config.lr
        self.param = config.param
        self.path: list[tuple[float, float]] = []  # (param, loss) at each step
        self.steps, self.flips = 0, 0  # flips: steps in a row whose gradient changed sign
        self.status = "running"
        self.measure()
        if self.x == 0:  # the loss is |target| or target^2 whatever param is: nothing to learn
            self.status = "done"

    def loss_at(self, param: float) -> float:
        """The same loss in plain floats: for the finite difference and the plot."""
        residual = self.x * param - self.target
        return residual * residual if self.kind == "squared" else abs(residual)

    def measure(self) -> None:
        """Autograd at the current param: param.grad and x.grad, and a finite difference."""
        param = torch.tensor(self.param, dtype=torch.float64, requires_grad=True)
        x = torch.tensor(self.x, dtype=torch.float64, requires_grad=True)
        loss = loss_fn(x * param, self.target, self.kind)
        loss.backward()
        assert param.grad is not None and x.grad is not None
        self.loss, self.grad, self.x_grad = loss.item(), param.grad.item(), x.grad.item()
        h = FD_H
        self.fd = (self.loss_at(self.param + h) - self.loss_at(self.param - h)) / (2 * h)
        if abs(self.param) * 1e-15 > h:  # param +- h rounds to param: the difference is noise
            self.fd = math.nan
        self.path.append((self.param, self.loss))

    def step(self) -> bool:
        if self.status != "running":
            return False
        previous = self.grad
        self.param -= self.lr * self.grad  # gradient descent
        self.steps += 1
        self.measure()
        if not math.isfinite(self.loss) or abs(self.param) > 1e12:
            self.status = "diverged"
        elif self.grad * previous < 0:
            self.flips += 1
        elif self.grad != 0:
            self.flips = 0
        if self.status == "running" and (self.steps >= MAX_STEPS or abs(self.grad) < 1e-9):
            self.status = "done"
        return self.status == "running"
