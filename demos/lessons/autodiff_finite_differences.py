"""Question 9, mode "finite differences": why not just nudge x and watch f? Rounding.

The forward difference (f(x+h) - f(x)) / h is off by about h * f''/2 (truncation), the central
one (f(x+h) - f(x-h)) / 2h by about h^2 * f'''/6: smaller h, smaller error. But f(x+h) - f(x)
loses digits as h shrinks: its rounding error grows like eps / h. The total is a V on a log-log
plot, bottoming out far above the machine's precision. Autograd applies the calculus rules
exactly (chain rule on exp and sin): its error is rounding only, at the level of eps.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch


class Config(NamedTuple):
    dtype: str = "float64"  # "float64" or "float32"
    x0: float = 1.0  # the point where f' is taken


H_STEPS = tuple(10.0 ** (-1 - 11 * k / 55) for k in range(56))  # 1e-1 down to 1e-12


def f(x: torch.Tensor) -> torch.Tensor:
    return torch.exp(x) * torch.sin(3 * x)


def f_prime(x: float) -> float:
    """The calculus answer, in float64."""
    return math.exp(x) * (math.sin(3 * x) + 3 * math.cos(3 * x))


def differences(x0: float, h: float, dtype: torch.dtype) -> tuple[float, float]:
    """Forward and central differences, computed in dtype."""
    x, step = torch.tensor(x0, dtype=dtype), torch.tensor(h, dtype=dtype)
    forward = (f(x + step) - f(x)) / step
    central = (f(x + step) - f(x - step)) / (2 * step)
    return forward.item(), central.item()


def autograd_derivative(x0: float, dtype: torch.dtype) -> float:
    x = torch.tensor(x0, dtype=dtype, requires_grad=True)
    f(x).backward()
    assert x.grad is not None
    return x.grad.item()


class AutodiffFiniteDifferences:
    def __init__(self, config: Config, seed: int) -> None:
        torch.manual_seed(seed)  # nothing random here; every lesson seeds anyway
        self.dtype_name, self.dtype = config.dtype, getattr(torch, config.dtype)
        self.x0 = torch.tensor(config.x0, dtype=self.dtype).item()  # the nearest representable
        self.exact = f_prime(self.x0)
        self.autograd_error = abs(autograd_derivative(self.x0, self.dtype) - self.exact)
        self.errors: list[tuple[float, float, float]] = []  # (h, forward error, central error)
        self.steps = 0
        self.status = "running"

    def step(self) -> bool:
        if self.status != "running":
            return False
        h = H_STEPS[len(self.errors)]
        forward, central = differences(self.x0, h, self.dtype)
        self.errors.append((h, abs(forward - self.exact), abs(central - self.exact)))
        self.steps += 1
        if len(self.errors) >= len(H_STEPS):
            self.status = "done"
        return self.status == "running"
